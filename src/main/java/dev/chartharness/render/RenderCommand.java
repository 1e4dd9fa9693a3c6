package dev.chartharness.render;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a chart with values files into a {@link RenderedRelease}, as {@code helm template} does
 * (client-only, embedded Helm): hooks included with their {@code helm.sh/hook*} annotations,
 * {@code lookup} empty, the chart's CRDs as objects, {@code kubeVersion} constraints checked against
 * {@link #DEFAULT_KUBE_VERSION} unless told otherwise. The chart may be a directory or a packaged
 * {@code .tgz}; its {@code file://} dependencies are packaged in a scratch copy ({@link ScratchChart}),
 * so the chart's own tree is never written.
 *
 * <pre>{@code
 * RenderedRelease release = RenderCommand.chart(Path.of("charts/journal"))
 *     .withReleaseName("journal").withNamespace("journal")
 *     .withValuesFiles(Path.of("values/prod/journal.yaml"))
 *     .call();
 * }</pre>
 */
public final class RenderCommand {

  /** The Kubernetes version the harness tests against (the local control plane's); {@code .Capabilities.KubeVersion} by default. */
  public static final String DEFAULT_KUBE_VERSION = "v1.36.3";

  private static final Pattern RELEASE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern KUBE_VERSION = Pattern.compile("v?1\\.(0|[1-9]\\d{0,2})(?:\\.(0|[1-9]\\d{0,3}))?");
  private static final Pattern YAML_PARSE_ERROR = Pattern.compile("YAML parse error on");
  /** The YAML parser's code-point limit per document (3 MiB): a values file beyond it cannot come back as objects. */
  static final long MAX_VALUES_BYTES = 3L * 1024 * 1024;

  private final Path chart;
  private String releaseName;
  private String namespace = "default";
  private String kubeVersion = DEFAULT_KUBE_VERSION;
  private final List<Path> valuesFiles = new ArrayList<>();
  private final Map<String, Object> setValues = new LinkedHashMap<>();

  private RenderCommand(Path chart) {
    this.chart = chart.toAbsolutePath().normalize();
  }

  /** A chart directory or a packaged chart ({@code .tgz}). */
  public static RenderCommand chart(Path chart) {
    return new RenderCommand(chart);
  }

  /** The release name (at most 53 characters of {@code a-z0-9-.}, as Helm requires); defaults to the chart's name. */
  public RenderCommand withReleaseName(String name) {
    this.releaseName = requireReleaseName(name);
    return this;
  }

  /** The release namespace (a DNS-1123 label); defaults to {@code default}. */
  public RenderCommand withNamespace(String namespace) {
    this.namespace = requireNamespace(namespace);
    return this;
  }

  /** Kubernetes version for {@code .Capabilities.KubeVersion} and {@code kubeVersion} checks ({@code 1.31}, {@code v1.36.3}). */
  public RenderCommand withKubeVersion(String version) {
    this.kubeVersion = normalizedKubeVersion(version);
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

  /** Helm's rule for release names; the message names what is wrong. */
  public static String requireReleaseName(String name) {
    if (name == null || name.isEmpty() || name.length() > 53 || !RELEASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("release name \"" + name + "\" is invalid: Helm takes at most 53 lowercase letters, digits, '-' and '.',"
          + " starting and ending with a letter or digit");
    }
    return name;
  }

  /** A namespace name is a DNS-1123 label. */
  public static String requireNamespace(String namespace) {
    if (namespace == null || namespace.isEmpty() || namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
      throw new IllegalArgumentException("namespace \"" + namespace + "\" is invalid: a DNS-1123 label has at most 63 lowercase letters,"
          + " digits and '-', starting and ending with a letter or digit");
    }
    return namespace;
  }

  /** {@code 1.31} or {@code v1.36.3} as {@code v1.31.0} / {@code v1.36.3}; anything else is refused naming it. */
  public static String normalizedKubeVersion(String version) {
    Matcher matcher = KUBE_VERSION.matcher(version == null ? "" : version.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("Kubernetes version \"" + version + "\" is invalid: expected 1.MINOR or 1.MINOR.PATCH (e.g. 1.31 or v1.36.3)");
    }
    return "v1." + matcher.group(1) + "." + (matcher.group(2) == null ? "0" : matcher.group(2));
  }

  public RenderedRelease call() {
    for (Path file : valuesFiles) {
      if (Files.isDirectory(file)) {
        throw new ChartRenderException(chart, valuesFiles, "values file " + file + " is a directory, not a file");
      }
      if (!Files.isRegularFile(file)) {
        throw new ChartRenderException(chart, valuesFiles, "values file " + file + " does not exist");
      }
      try {
        if (Files.size(file) > MAX_VALUES_BYTES) {
          // Checked before Helm renders it for half a minute only for the YAML parser to refuse the result.
          throw new ChartRenderException(chart, valuesFiles, "values file " + file + " is " + Files.size(file) + " bytes; the harness reads at most "
              + MAX_VALUES_BYTES + " (3 MiB, its YAML parser's limit per document): move large content into chart files or a ConfigMap made outside Helm");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read values file " + file + ": " + e.getMessage(), e);
      }
    }
    Path renderable = ScratchChart.renderable(chart);
    Chart loaded = Chart.load(renderable);
    Chart metadata = new Chart(chart, loaded.name(), loaded.version(), loaded.appVersion(), loaded.type(), loaded.dependencies());
    if (metadata.isLibrary()) {
      throw new ChartRenderException(chart, valuesFiles, "library chart " + metadata.name() + " renders no objects on its own");
    }
    String name = releaseName == null ? requireReleaseName(metadata.name()) : releaseName;
    String manifest;
    List<ManifestParser.Document> documents;
    try {
      manifest = template(renderable, name, false).call();
      documents = ManifestParser.documents(manifest);
    } catch (IllegalStateException e) {
      // Helm's hint about its --debug flag is for the CLI; here the message is all there is.
      String message = ScratchChart.withOrigins(e.getMessage()).replace("\n\nUse --debug flag to render out invalid YAML", "");
      if (!YAML_PARSE_ERROR.matcher(message).find()) {
        throw new ChartRenderException(chart, valuesFiles, message, e);
      }
      // Helm stops at the first document that is not YAML; its debug output holds every rendered file, so the rest is still validated.
      documents = renderedFiles(renderable, name);
    }
    return assemble(metadata, name, documents);
  }

  /**
   * Only embedded Helm's part of {@link #call()}: the manifest text its template action returns for this chart, values
   * and release, not parsed, split or validated ({@code bench} times it apart from the rest).
   */
  public String helmManifest() {
    Path renderable = ScratchChart.renderable(chart);
    String name = releaseName == null ? requireReleaseName(Chart.load(renderable).name()) : releaseName;
    return template(renderable, name, false).call();
  }

  private TemplateCommand template(Path renderable, String name, boolean debug) {
    TemplateCommand template = new Helm(renderable).template().withName(name).withNamespace(namespace).withKubeVersion(kubeVersion);
    valuesFiles.forEach(file -> template.withValuesFile(hookKeysExposed(file)));
    setValues.forEach(template::set);
    if (debug) {
      template.debug();
    }
    return template;
  }

  /** Every rendered template file, from Helm's debug output after a YAML parse error, in path order. */
  private List<ManifestParser.Document> renderedFiles(Path renderable, String name) {
    String output;
    try {
      output = template(renderable, name, true).call();
    } catch (IllegalStateException e) {
      String text = e.getMessage() == null ? "" : e.getMessage();
      int blob = text.indexOf("\n---\n");
      output = blob < 0 ? "" : text.substring(blob + 1);
    }
    List<ManifestParser.Document> documents = new ArrayList<>(ManifestParser.documents(output));
    // Helm lists the files in map order: sort by template, keeping each file's documents in order.
    documents.sort(java.util.Comparator.comparing(ManifestParser.Document::source).thenComparingInt(ManifestParser.Document::firstLine));
    return documents;
  }

  private RenderedRelease assemble(Chart metadata, String name, List<ManifestParser.Document> documents) {
    List<RenderedObject> crds = new ArrayList<>();
    List<RenderedObject> manifests = new ArrayList<>();
    List<RenderedObject> hooks = new ArrayList<>();
    List<RenderProblem> problems = new ArrayList<>();
    StringBuilder manifestText = new StringBuilder();
    StringBuilder hookText = new StringBuilder();
    StringBuilder crdText = new StringBuilder();
    for (ManifestParser.Document rendered : documents) {
      ManifestParser.Document document = crdDocument(rendered);
      boolean crd = document != rendered;
      document = new ManifestParser.Document(document.source(), document.firstLine(), ScratchChart.restore(document.text()));
      List<RenderedObject> parsed = new ArrayList<>();
      ManifestParser.parse(document, crd, parsed, problems);
      boolean hook = parsed.stream().anyMatch(object -> object.hook().isPresent());
      (crd ? crds : hook ? hooks : manifests).addAll(parsed);
      StringBuilder text = crd ? crdText : hook ? hookText : manifestText;
      text.append("---\n# Source: ").append(document.source()).append('\n').append(document.text());
    }
    List<RenderedObject> objects = new ArrayList<>(crds);
    objects.addAll(manifests);
    objects.addAll(hooks);
    return new RenderedRelease(name, namespace, metadata, valuesFiles, setValues, kubeVersion, objects, problems,
        manifestText.append(hookText).toString(), crdText.toString());
  }

  /** A document rendered by the CRD template, under the {@code crds/} file it came from; else the document itself. */
  private static ManifestParser.Document crdDocument(ManifestParser.Document document) {
    if (!document.source().endsWith("/" + ScratchChart.CRD_TEMPLATE)) {
      return document;
    }
    String text = document.text();
    int marker = text.indexOf(ScratchChart.CRD_MARKER);
    if (marker < 0) {
      return document;
    }
    int end = text.indexOf('\n', marker);
    String file = text.substring(marker + ScratchChart.CRD_MARKER.length(), end < 0 ? text.length() : end).strip();
    String chartPath = document.source().substring(0, document.source().length() - ScratchChart.CRD_TEMPLATE.length());
    return new ManifestParser.Document(chartPath + file, 1, end < 0 ? "" : text.substring(end + 1));
  }

  /**
   * A values file whose keys name hook annotations ({@code helm.sh/hook: pre-install} under some
   * {@code annotations:}) is rendered from a copy that uses the same stand-in key as the chart's copy.
   */
  private static Path hookKeysExposed(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (!text.contains(ScratchChart.HOOK_KEY)) {
        return file;
      }
      Path copy = Files.createTempFile("chart-harness-values-", ".yaml");
      copy.toFile().deleteOnExit();
      Files.writeString(copy, text.replace(ScratchChart.HOOK_KEY, ScratchChart.HOOK_STAND_IN), StandardCharsets.UTF_8);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read values file " + file + ": " + e.getMessage(), e);
    }
  }
}
