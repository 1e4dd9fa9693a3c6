package dev.chartharness.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A classic chart repository: a directory of {@code .tgz} archives and the {@code index.yaml} that lists them. */
final class ChartRepository implements ChartDestination {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Path directory;
  private final String baseUrl;
  private final Clock clock;
  private final List<ChartArchive> unindexed = new ArrayList<>();
  private RepositoryIndex index;
  private boolean changed;

  /** {@code baseUrl} prefixes the download URLs of new entries; {@code null} keeps them relative to the index. */
  ChartRepository(Path directory, String baseUrl, Clock clock) {
    this.directory = directory.toAbsolutePath().normalize();
    this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.replaceAll("/+$", "");
    this.clock = clock;
    this.index = RepositoryIndex.read(indexFile());
  }

  private Path indexFile() {
    return directory.resolve(RepositoryIndex.FILE_NAME);
  }

  @Override
  public String where(ChartArchive archive) {
    return directory.resolve(archive.fileName()).toString();
  }

  @Override
  public Comparison compare(ChartArchive archive) {
    Path existing = directory.resolve(archive.fileName());
    Optional<IndexEntry> entry = index.entry(archive.name(), archive.version());
    if (Files.isRegularFile(existing)) {
      if (!ArchiveContent.digest(existing).equals(archive.contentDigest())) {
        return Comparison.differentContent(existing + " holds different content");
      }
      if (entry.isEmpty()) {
        // An archive copied by a run that stopped before writing the index: index it now.
        unindexed.add(new ChartArchive(archive.chart(), existing, ArchiveContent.fileDigest(existing), archive.contentDigest()));
      }
      return Comparison.sameContent();
    }
    if (entry.isPresent()) {
      return entry.get().digest().equals(archive.digest())
          ? Comparison.sameContent()
          : Comparison.differentContent(indexFile() + " lists it with digest " + entry.get().digest()
              + " but its archive is not in " + directory + " to compare contents");
    }
    return Comparison.absent();
  }

  @Override
  public boolean holdsProvenance(ChartArchive archive) {
    return Files.isRegularFile(Provenance.fileFor(directory.resolve(archive.fileName())));
  }

  @Override
  public void publish(ChartArchive archive) {
    Path target = directory.resolve(archive.fileName());
    try {
      Files.createDirectories(directory);
      Path provenance = Provenance.fileFor(archive.file());
      if (Files.isRegularFile(provenance)) {
        // The .prov first: a run stopped between the two copies leaves no archive that looks published unsigned.
        Files.copy(provenance, Provenance.fileFor(target), StandardCopyOption.REPLACE_EXISTING);
      }
      Files.copy(archive.file(), target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + archive.file() + " to " + target + ": " + e.getMessage(), e);
    }
    index(new ChartArchive(archive.chart(), target, archive.digest(), archive.contentDigest()));
  }

  private void index(ChartArchive archive) {
    String url = baseUrl == null ? archive.fileName() : baseUrl + "/" + archive.fileName();
    index = index.withEntry(IndexEntry.of(archive.chartYaml(), archive.digest(), url, clock.instant()));
    changed = true;
  }


  @Override
  public void finish() {
    unindexed.forEach(this::index);
    unindexed.clear();
    if (changed || !Files.exists(indexFile())) {
      index = index.write(indexFile(), clock.instant());
      changed = false;
    }
    writeArtifactHubMetadata();
  }

  /**
   * {@value ArtifactHubMetadata#FILE} with the charts' maintainers as the repository's owners, unless the repository
   * already has one (an owner's own, with its repositoryID, is never overwritten).
   */
  private void writeArtifactHubMetadata() {
    Path file = directory.resolve(ArtifactHubMetadata.FILE);
    if (Files.exists(file)) {
      return;
    }
    List<JsonNode> maintainers = index.entries().values().stream().flatMap(List::stream)
        .map(entry -> YAML.valueToTree(entry.otherFields()).path("maintainers")).toList();
    try {
      String yaml = ArtifactHubMetadata.owners(maintainers);
      Path temporary = Files.createTempFile(directory, ".artifacthub-repo-", ".tmp");
      Files.writeString(temporary, yaml);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
