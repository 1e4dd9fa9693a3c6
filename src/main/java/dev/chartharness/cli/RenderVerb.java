package dev.chartharness.cli;

import dev.chartharness.render.RenderCommand;
import dev.chartharness.render.RenderedObject;
import dev.chartharness.render.RenderedRelease;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code render CHART [-f VALUES]...}: lists the objects a chart (directory or {@code .tgz}) renders to, or
 * prints the manifest as {@code helm template} does; documents that are not objects are reported and exit 1.
 */
final class RenderVerb implements Subcommand {

  @Override
  public String synopsis() {
    return "render CHART_DIR|CHART.tgz [-f VALUES]... [--set K=V]... [--release NAME] [--namespace NS] [--kube-version X.Y] [--manifest [--include-crds]]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments = Arguments.parse(args, Set.of("values", "set", "release", "namespace", "kube-version"), Set.of("manifest", "include-crds"));
    RenderedRelease release = render(arguments);
    if (arguments.flag("manifest")) {
      out.print((arguments.flag("include-crds") ? release.crdManifest() : "") + release.manifest());
    } else {
      for (RenderedObject object : release.objects()) {
        out.println(object.id() + "  (" + object.source() + (object.crd() ? ", CRD" : "") + object.hook().map(hook -> ", hook " + hook).orElse("") + ")");
      }
      out.println(release.objects().size() + " objects");
    }
    release.problems().forEach(problem -> err.println("ERROR " + problem.describe()));
    return release.problems().isEmpty() ? 0 : 1;
  }

  /** The render every verb that takes a chart and values files starts from. */
  static RenderedRelease render(Arguments arguments) {
    return command(arguments).call();
  }

  /** The render as the options describe it; an invalid release, namespace or version is a usage error naming the option. */
  static RenderCommand command(Arguments arguments) {
    Path chart = Path.of(arguments.requiredPositional(0, "CHART_DIR"));
    RenderCommand command = RenderCommand.chart(chart).withValuesFiles(arguments.valuesFiles());
    usage("--release", () -> arguments.option("release").ifPresent(command::withReleaseName));
    usage("--namespace", () -> arguments.option("namespace").ifPresent(command::withNamespace));
    usage("--kube-version", () -> arguments.option("kube-version").ifPresent(command::withKubeVersion));
    arguments.setValues().forEach(command::set);
    return command;
  }

  /** {@code supply}'s value; an IllegalArgumentException from it is a usage error naming {@code option}. */
  static <T> T usageOf(String option, java.util.function.Supplier<T> supply) {
    try {
      return supply.get();
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
  }

  static void usage(String option, Runnable apply) {
    usageOf(option, () -> {
      apply.run();
      return null;
    });
  }
}
