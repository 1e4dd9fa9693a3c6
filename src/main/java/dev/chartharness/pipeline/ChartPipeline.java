package dev.chartharness.pipeline;

import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.install.HelmBackend;
import dev.chartharness.install.InstalledRelease;
import dev.chartharness.install.ReleaseInstall;
import dev.chartharness.publish.Provenance;
import dev.chartharness.render.RenderCommand;
import dev.chartharness.render.RenderedRelease;
import dev.chartharness.validate.Policy;
import dev.chartharness.validate.ValidateCommand;
import dev.chartharness.validate.ValidationReport;
import dev.chartharness.verify.ReleaseNotes;
import dev.chartharness.verify.VerifyCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one way through the stages: chart → render → validate → install → verify. The command line's
 * {@code verify} and {@code up}, the benchmark and the tests all go through it, so each stage sees exactly
 * what the one before produced: the install takes the rendered release's chart, name, values and
 * {@code --set} values, and a release with validation errors is refused before anything is installed
 * (unless {@link #installingDespiteErrors()}).
 *
 * <pre>{@code
 * PipelineResult result = ChartPipeline.chart(Path.of("charts/greeter"))
 *     .withValuesFiles(Path.of("values/dev.yaml"))
 *     .verify(cluster, namespace);
 * assertThat(result.verification()).isVerified();
 * }</pre>
 */
public final class ChartPipeline {

  private final Path chart;
  private final RenderCommand render;
  private Path keyring;
  private Policy policy = Policy.defaults();
  private final List<Path> crdFiles = new ArrayList<>();
  private boolean despiteErrors;
  private boolean stubSecrets = true;
  private Duration installTimeout = ReleaseInstall.DEFAULT_TIMEOUT;
  private Duration verifyTimeout = VerifyCommand.DEFAULT_TIMEOUT;
  private Consumer<String> progress = message -> { };
  private HelmBackend backend;
  private boolean helmTests = true;
  private boolean notes;
  private RenderedRelease rendered;
  private ValidationReport validation;

  private ChartPipeline(Path chart) {
    this.chart = chart;
    this.render = RenderCommand.chart(chart);
  }

  /** A chart directory or packaged {@code .tgz}. */
  public static ChartPipeline chart(Path chart) {
    return new ChartPipeline(chart);
  }

  public ChartPipeline withReleaseName(String name) {
    render.withReleaseName(name);
    return this;
  }

  /** The namespace the offline render and validation assume; installs go into the namespace given to {@link #install}. */
  public ChartPipeline withNamespace(String namespace) {
    render.withNamespace(namespace);
    return this;
  }

  public ChartPipeline withKubeVersion(String version) {
    render.withKubeVersion(version);
    return this;
  }

  public ChartPipeline withValuesFiles(Path... files) {
    return withValuesFiles(Arrays.asList(files));
  }

  public ChartPipeline withValuesFiles(List<Path> files) {
    render.withValuesFiles(files);
    return this;
  }

  public ChartPipeline set(String key, Object value) {
    render.set(key, value);
    return this;
  }

  public ChartPipeline set(Map<String, ?> values) {
    new LinkedHashMap<>(values).forEach(render::set);
    return this;
  }

  public ChartPipeline withPolicy(Policy policy) {
    this.policy = policy;
    return this;
  }

  public ChartPipeline withCrds(Path... files) {
    crdFiles.addAll(Arrays.asList(files));
    return this;
  }

  /** Installs even when validation found errors (they are still reported in the result). */
  public ChartPipeline installingDespiteErrors() {
    this.despiteErrors = true;
    return this;
  }

  /** Whether Secrets the release expects to exist (production values name them) are stubbed with random values first; on by default. */
  public ChartPipeline withStubbedSecrets(boolean stub) {
    this.stubSecrets = stub;
    return this;
  }

  /** How long Helm waits ({@link ReleaseInstall#DEFAULT_TIMEOUT} unless given). */
  public ChartPipeline withInstallTimeout(Duration timeout) {
    this.installTimeout = timeout;
    return this;
  }

  /** How long each verify condition may take ({@link VerifyCommand#DEFAULT_TIMEOUT} unless given). */
  public ChartPipeline withVerifyTimeout(Duration timeout) {
    this.verifyTimeout = timeout;
    return this;
  }

  /** The release backend: embedded Helm or a Helm CLI ({@link HelmBackend#parse}); the run's ({@link HelmBackend#select()}) unless given. */
  public ChartPipeline withBackend(HelmBackend backend) {
    this.backend = backend;
    return this;
  }

  /** Whether {@link #verify} runs the chart's {@code helm test} hooks after the live checks; on by default. */
  public ChartPipeline withHelmTests(boolean run) {
    this.helmTests = run;
    return this;
  }

  /**
   * Whether {@link #verify} also runs the commands the release's NOTES print ({@code notes-command} checks); off by
   * default, since the notes are rendered by the Helm 4 CLI and the commands run the harness's kubectl (both built
   * once when missing).
   */
  public ChartPipeline withNotesCommands(boolean run) {
    this.notes = run;
    return this;
  }

  /**
   * Takes the chart (a package) only when its {@code .prov} verifies against the public {@code keyring}
   * ({@link Provenance#verify}): checked before anything is rendered, so a tampered package or one signed with another key
   * fails naming the chart and nothing of it is rendered, validated or installed. A Helm CLI backend verifies it again
   * ({@code helm install --verify --keyring}).
   */
  public ChartPipeline verifyingProvenance(Path keyring) {
    this.keyring = keyring;
    return this;
  }

  /** Where the pipeline says what it is doing (stubbed Secrets, install, verify); silent unless given. */
  public ChartPipeline withProgress(Consumer<String> progress) {
    this.progress = progress;
    return this;
  }

  /** Renders (once; later stages reuse it). */
  public synchronized RenderedRelease render() {
    if (rendered == null) {
      if (keyring != null) {
        Provenance.Verification verified = Provenance.verify(chart, keyring);
        progress.accept("provenance of " + verified.chart() + " verified: " + verified.sha256() + ", signed by " + verified.signer()
            + " (" + verified.fingerprint() + ")");
      }
      rendered = render.call();
    }
    return rendered;
  }

  /** Renders and validates (once). */
  public synchronized ValidationReport validate() {
    if (validation == null) {
      validation = ValidateCommand.release(render()).withPolicy(policy).withCrds(crdFiles).call();
    }
    return validation;
  }

  /**
   * Validates, then installs with {@code helm install --wait} into {@code namespace} (which must exist);
   * refuses with {@link ValidationFailedException} when validation found errors, unless told otherwise.
   */
  public InstalledRelease install(EphemeralCluster cluster, String namespace) {
    ValidationReport report = validate();
    if (report.hasErrors() && !despiteErrors) {
      throw new ValidationFailedException(report);
    }
    ReleaseInstall install = installer(cluster, namespace);
    if (stubSecrets) {
      install.stubExternalSecrets().forEach(secret -> progress.accept("stubbed Secret " + secret + " that " + rendered.name() + " expects to exist"));
    }
    progress.accept("installing " + rendered.name() + " into namespace " + namespace + " (helm --wait, up to " + installTimeout.toSeconds() + "s)");
    return install.install();
  }

  /** Validates, installs and verifies the live release: endpoints, routes, Jobs, claims, then its {@code helm test} hooks. */
  public PipelineResult verify(EphemeralCluster cluster, String namespace) {
    InstalledRelease installed = install(cluster, namespace);
    progress.accept("verifying " + installed.name() + ": endpoints, routes, jobs, claims" + (runsTests() ? ", helm test" : "") + (notes ? ", NOTES commands" : ""));
    VerifyCommand verify = VerifyCommand.release(installed, cluster).withTimeout(verifyTimeout);
    if (runsTests()) {
      verify.withHelmTests(installer(cluster, namespace));
    }
    if (notes) {
      RenderedRelease release = render();
      verify.withNotes(ReleaseNotes.render(release.chart().directory(), installed.name(), installed.namespace(), release.valuesFiles(), release.setValues()));
    }
    return new PipelineResult(render(), validate(), installed, verify.call());
  }

  private boolean runsTests() {
    return helmTests && render().objects().stream().anyMatch(object -> object.hook().map(hook -> hook.contains("test")).orElse(false));
  }

  /** The install stage for this render, with the pipeline's backend and timeout. */
  private ReleaseInstall installer(EphemeralCluster cluster, String namespace) {
    HelmBackend chosen = backend == null ? HelmBackend.select() : backend;
    ReleaseInstall install = ReleaseInstall.of(render()).into(cluster, namespace).withTimeout(installTimeout).withBackend(chosen);
    // Verified before rendering; a backend that verifies too (the Helm CLI) is asked to, as helm install --verify.
    return keyring != null && chosen.verifiesProvenance() ? install.verifyingProvenance(keyring) : install;
  }
}
