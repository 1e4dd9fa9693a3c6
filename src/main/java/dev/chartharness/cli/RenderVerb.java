package dev.chartharness.cli;

import dev.chartharness.render.RenderCommand;
import dev.chartharness.render.RenderedObject;
import dev.chartharness.render.RenderedRelease;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code render CHART_DIR [-f VALUES]...}: lists the objects a chart renders to, or prints the manifest. */
final class RenderVerb implements Subcommand {

  @Override
  public String synopsis() {
    return "render CHART_DIR [-f VALUES]... [--set K=V]... [--release NAME] [--namespace NS] [--kube-version X.Y] [--manifest]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments = Arguments.parse(args, Set.of("release", "namespace", "kube-version"), Set.of("manifest"));
    RenderedRelease release = render(arguments);
    if (arguments.flag("manifest")) {
      out.print(release.manifest());
    } else {
      for (RenderedObject object : release.objects()) {
        out.println(object.id() + "  (" + object.source() + ")");
      }
      out.println(release.objects().size() + " objects");
    }
    return 0;
  }

  /** The render every verb that takes a chart and values files starts from. */
  static RenderedRelease render(Arguments arguments) {
    Path chart = Path.of(arguments.requiredPositional(0, "CHART_DIR"));
    RenderCommand command = RenderCommand.chart(chart).withValuesFiles(arguments.valuesFiles());
    arguments.option("release").ifPresent(command::withReleaseName);
    arguments.option("namespace").ifPresent(command::withNamespace);
    arguments.option("kube-version").ifPresent(command::withKubeVersion);
    arguments.setValues().forEach(command::set);
    return command.call();
  }
}
