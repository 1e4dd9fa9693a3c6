package dev.chartharness.charts;

import dev.chartharness.render.Environment;
import dev.chartharness.render.ProjectLayout;
import dev.chartharness.render.RenderCommand;
import dev.chartharness.render.RenderedRelease;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Every chart of the repository crossed with every environment that configures it, plus "no values at all". */
public final class ChartMatrix {

  public static final ProjectLayout LAYOUT = ProjectLayout.current();
  private static final Map<String, RenderedRelease> RENDERED = new ConcurrentHashMap<>();

  private ChartMatrix() {
  }

  /** (chart name, environment) for every installable chart with its defaults, and every application chart per environment. */
  public static Stream<Arguments> chartsByEnvironment() {
    return LAYOUT.chartEnvironments().stream().map(both -> Arguments.of(both.chart().name(), both.environment()));
  }

  /** (environment) for the application charts' environments, defaults first. */
  public static Stream<Environment> environments() {
    return Stream.concat(Stream.of(Environment.DEFAULTS), LAYOUT.environments().all().stream());
  }

  public static Environment environment(String name) {
    return LAYOUT.environments().get(name);
  }

  public static List<Path> valuesFiles(String chart, Environment environment) {
    return environment.valuesFiles(LAYOUT.valuesDirectory(), chart);
  }

  /** The chart rendered as release {@code chart} in namespace {@code chart}; rendered once per run. */
  public static RenderedRelease render(String chart, Environment environment) {
    return RENDERED.computeIfAbsent(chart + "@" + environment.name(), key -> RenderCommand.chart(LAYOUT.chart(chart))
        .withReleaseName(chart).withNamespace(chart)
        .withValuesFiles(valuesFiles(chart, environment))
        .call());
  }

  public static RenderedRelease render(String chart, String environment) {
    return render(chart, environment.equals(Environment.DEFAULTS.name()) ? Environment.DEFAULTS : environment(environment));
  }
}
