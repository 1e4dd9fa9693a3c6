package dev.chartharness.render;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a chart with values files into a {@link RenderedRelease} ({@code helm template}, embedded).
 *
 * <pre>{@code
 * RenderedRelease release = RenderCommand.chart(Path.of("charts/journal"))
 *     .withReleaseName("journal").withNamespace("journal")
 *     .withValuesFiles(Path.of("values/prod/journal.yaml"))
 *     .call();
 * }</pre>
 */
public final class RenderCommand {

  /** Set on every offline render; the common library's lookups honour it (charts/common/templates/_secrets.tpl). */
  public static final String RENDER_OFFLINE = "global.renderOffline";

  private final Path chartDirectory;
  private String releaseName;
  private String namespace = "default";
  private String kubeVersion;
  private final List<Path> valuesFiles = new ArrayList<>();
  private final Map<String, Object> setValues = new LinkedHashMap<>();

  private RenderCommand(Path chartDirectory) {
    this.chartDirectory = chartDirectory.toAbsolutePath().normalize();
  }

  public static RenderCommand chart(Path chartDirectory) {
    return new RenderCommand(chartDirectory);
  }

  /** The release name; defaults to the chart's name. */
  public RenderCommand withReleaseName(String name) {
    this.releaseName = name;
    return this;
  }

  /** The release namespace; defaults to {@code default}. */
  public RenderCommand withNamespace(String namespace) {
    this.namespace = namespace;
    return this;
  }

  /** Kubernetes version for {@code .Capabilities.KubeVersion} ({@code 1.36.0}); Helm's default otherwise. */
  public RenderCommand withKubeVersion(String version) {
    this.kubeVersion = version;
    return this;
  }

  /** Values files, applied in order after the chart's own {@code values.yaml}. */
  public RenderCommand withValuesFiles(Path... files) {
    return withValuesFiles(Arrays.asList(files));
  }

  public RenderCommand withValuesFiles(List<Path> files) {
    files.forEach(file -> valuesFiles.add(file.toAbsolutePath().normalize()));
    return this;
  }

  /** A {@code --set} value, applied after every values file. */
  public RenderCommand set(String key, Object value) {
    setValues.put(key, value);
    return this;
  }

  public RenderedRelease call() {
    Chart chart = Chart.load(chartDirectory);
    for (Path file : valuesFiles) {
      if (!Files.isRegularFile(file)) {
        throw new ChartRenderException(chartDirectory, valuesFiles, "values file " + file + " does not exist");
      }
    }
    if (chart.isLibrary()) {
      throw new ChartRenderException(chartDirectory, valuesFiles, "library chart " + chart.name() + " renders no objects on its own");
    }
    DependencyBuild.ensureBuilt(chartDirectory);
    String name = releaseName == null ? chart.name() : releaseName;
    TemplateCommand template = new Helm(HookExposure.renderableDirectory(chartDirectory)).template().withName(name).withNamespace(namespace);
    if (kubeVersion != null) {
      template.withKubeVersion(kubeVersion);
    }
    valuesFiles.forEach(template::withValuesFile);
    // helm-java's template, unlike `helm template`, lets lookup reach for a cluster; the charts skip it on this flag.
    template.set(RENDER_OFFLINE, true);
    setValues.forEach(template::set);
    String manifest;
    try {
      manifest = template.call();
    } catch (IllegalStateException e) {
      throw new ChartRenderException(chartDirectory, valuesFiles, e.getMessage(), e);
    }
    List<RenderedObject> objects;
    try {
      objects = ManifestParser.parse(manifest);
      objects.forEach(object -> HookExposure.restore(object.resource()));
    } catch (IllegalArgumentException e) {
      throw new ChartRenderException(chartDirectory, valuesFiles, e.getMessage(), e);
    }
    return new RenderedRelease(name, namespace, chart, valuesFiles, objects, manifest);
  }
}
