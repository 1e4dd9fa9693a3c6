package dev.chartharness.publish;

import dev.chartharness.publish.ChartDestination.Comparison;
import dev.chartharness.publish.PublishReport.Outcome;
import dev.chartharness.publish.PublishReport.Publication;
import dev.chartharness.render.ProjectLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Packages every chart and publishes it to a chart repository directory and/or an OCI registry.
 *
 * <p>A chart version is immutable once published: when a destination already holds the version with
 * the same content it is left alone ({@link Outcome#UNCHANGED}); with different content the chart is
 * {@link Outcome#REFUSED} everywhere and its {@code version} must be bumped. Content means the
 * archive's files, not its bytes, which carry the packing time.
 *
 * <p>{@link #signedWith} signs every package before anything is published: a {@code <name>-<version>.tgz.prov} beside
 * each archive in the repository directory, and the provenance layer Helm uses beside the chart in the registry. A
 * version already published unsigned stays as it is (published versions are not re-signed).
 *
 * <pre>{@code
 * PublishReport report = PublishCommand.charts(ProjectLayout.current())
 *     .toRepository(Path.of("public")).withUrl("https://charts.example.org")
 *     .toOci(URI.create("oci://localhost:5000/charts")).plainHttp()
 *     .call();
 * }</pre>
 */
public final class PublishCommand {

  private final ProjectLayout layout;
  private Path repository;
  private String url;
  private URI oci;
  private String username;
  private String password;
  private boolean plainHttp;
  private SigningKey signingKey;
  private Clock clock = Clock.systemUTC();

  private PublishCommand(ProjectLayout layout) {
    this.layout = layout;
  }

  /** Publishes every chart under the layout's {@code charts/}, libraries included. */
  public static PublishCommand charts(ProjectLayout layout) {
    return new PublishCommand(layout);
  }

  /** A chart repository directory: archives plus {@code index.yaml}, merged with what is already there. */
  public PublishCommand toRepository(Path directory) {
    this.repository = directory;
    return this;
  }

  /** The URL the repository directory is served at; new index entries download from {@code BASE/<name>-<version>.tgz}. */
  public PublishCommand withUrl(String base) {
    this.url = base;
    return this;
  }

  /** An OCI registry, {@code oci://HOST[:PORT]/PATH}; charts land at {@code PATH/<name>:<version>}. */
  public PublishCommand toOci(URI registry) {
    this.oci = registry;
    return this;
  }

  /** Logs in to the OCI registry before pushing. */
  public PublishCommand withCredentials(String username, String password) {
    this.username = username;
    this.password = password;
    return this;
  }

  /** Talks plain HTTP to the OCI registry (a local test registry), not HTTPS. */
  public PublishCommand plainHttp() {
    this.plainHttp = true;
    return this;
  }

  /** Signs every package with {@code key} (its {@code .prov}, as {@code helm package --sign} writes it) before publishing. */
  public PublishCommand signedWith(SigningKey key) {
    this.signingKey = key;
    return this;
  }

  /** The clock that stamps {@code created} and {@code generated}; the system's UTC clock by default. */
  public PublishCommand withClock(Clock clock) {
    this.clock = clock;
    return this;
  }

  public PublishReport call() {
    List<ChartDestination> destinations = new ArrayList<>();
    if (repository != null) {
      destinations.add(new ChartRepository(repository, url, clock));
    }
    if (oci != null) {
      destinations.add(new OciRegistry(oci, username, password, plainHttp));
    }
    if (destinations.isEmpty()) {
      throw new IllegalStateException("nowhere to publish: call toRepository(...) and/or toOci(...)");
    }
    Path staging = createStaging();
    try {
      List<ChartArchive> archives = PackageCommand.charts(layout).toDirectory(staging).call();
      if (signingKey != null) {
        // In staging, before any destination is written: a key that cannot sign leaves every destination as it was.
        archives.forEach(archive -> Provenance.sign(archive.file(), signingKey));
      }
      // Every chart is compared with every destination before anything is written: publishing is all or nothing.
      java.util.Map<ChartArchive, List<Comparison>> comparisons = new java.util.LinkedHashMap<>();
      archives.forEach(archive -> comparisons.put(archive, destinations.stream().map(destination -> destination.compare(archive)).toList()));
      String refused = comparisons.entrySet().stream()
          .filter(entry -> entry.getValue().stream().anyMatch(comparison -> comparison.state() == Comparison.State.DIFFERENT_CONTENT))
          .map(entry -> entry.getKey().name() + " " + entry.getKey().version()).collect(java.util.stream.Collectors.joining(", "));
      List<Publication> publications = new ArrayList<>();
      comparisons.forEach((archive, compared) -> publications.addAll(publish(archive, destinations, compared, refused, signingKey != null)));
      if (refused.isEmpty()) {
        destinations.forEach(ChartDestination::finish);
      }
      return new PublishReport(publications);
    } finally {
      dev.chartharness.base.FileTrees.delete(staging);
    }
  }

  /**
   * Publishes one archive where it is new, unless any chart was refused ({@code refused} names them): then
   * nothing is written anywhere, and every archive that would have been published says why not.
   */
  private static List<Publication> publish(ChartArchive archive, List<ChartDestination> destinations, List<Comparison> comparisons, String refused,
                                           boolean signing) {
    String own = comparisons.stream()
        .filter(comparison -> comparison.state() == Comparison.State.DIFFERENT_CONTENT)
        .map(Comparison::detail).findFirst().map(detail -> refusal(archive, detail)).orElse(null);
    String conflict = own != null ? own : refused.isEmpty() ? null
        : "not published: " + refused + " was refused, and publishing is all or nothing (fix that, then publish again)";
    List<Publication> publications = new ArrayList<>();
    for (int i = 0; i < destinations.size(); i++) {
      ChartDestination destination = destinations.get(i);
      Comparison comparison = comparisons.get(i);
      Outcome outcome;
      if (comparison.state() == Comparison.State.SAME_CONTENT) {
        outcome = Outcome.UNCHANGED;
      } else if (conflict != null) {
        outcome = Outcome.REFUSED;
      } else {
        destination.publish(archive);
        outcome = Outcome.PUBLISHED;
      }
      String reason = comparison.state() == Comparison.State.DIFFERENT_CONTENT ? refusal(archive, comparison.detail())
          : outcome == Outcome.REFUSED ? conflict
          : outcome == Outcome.UNCHANGED && signing && !destination.holdsProvenance(archive)
          ? "published before without provenance, and a published version is not re-signed; bump `version` to publish it signed"
          : "";
      publications.add(new Publication(archive.name(), archive.version(), outcome, destination.where(archive), reason));
    }
    return publications;
  }

  private static String refusal(ChartArchive archive, String detail) {
    return "version " + archive.version() + " is already published with other content (" + detail + "); bump `version` in "
        + archive.chart().directory().resolve("Chart.yaml") + " to publish the change";
  }

  private static Path createStaging() {
    try {
      return Files.createTempDirectory("chart-harness-publish");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a staging directory: " + e.getMessage(), e);
    }
  }
}
