package dev.chartharness.publish;

import dev.chartharness.render.SemanticVersion;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A chart repository's {@code index.yaml} ({@code apiVersion: v1}): every version of every chart,
 * each chart's versions newest first. Immutable; {@link #withEntry} and {@link #merge} return new indexes.
 *
 * <pre>{@code
 * RepositoryIndex index = RepositoryIndex.read(repository.resolve("index.yaml")).withEntry(entry);
 * index.write(repository.resolve("index.yaml"), Instant.now());
 * }</pre>
 */
public final class RepositoryIndex {

  /** The file name Helm looks for at a repository's URL. */
  public static final String FILE_NAME = "index.yaml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).disable(YAMLGenerator.Feature.SPLIT_LINES));
  private static final Comparator<IndexEntry> NEWEST_FIRST =
      Comparator.comparing(IndexEntry::version, SemanticVersion.DESCENDING).thenComparing(IndexEntry::version);

  private final Map<String, List<IndexEntry>> entries;
  private final Instant generated;

  private RepositoryIndex(Map<String, List<IndexEntry>> entries, Instant generated) {
    Map<String, List<IndexEntry>> sorted = new TreeMap<>();
    entries.forEach((name, versions) -> sorted.put(name, versions.stream().sorted(NEWEST_FIRST).toList()));
    this.entries = Collections.unmodifiableMap(sorted);
    this.generated = generated;
  }

  public static RepositoryIndex empty() {
    return new RepositoryIndex(Map.of(), null);
  }

  /** Reads an {@code index.yaml}; a file that does not exist is an empty index. */
  public static RepositoryIndex read(Path file) {
    if (!Files.exists(file)) {
      return empty();
    }
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses {@code index.yaml} text; fails saying what is wrong with it. */
  public static RepositoryIndex parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return empty();
    }
    if (!root.isObject() || !"v1".equals(root.path("apiVersion").asText())) {
      throw new IllegalArgumentException("not a chart repository index (expected apiVersion: v1)");
    }
    Map<String, List<IndexEntry>> entries = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> chart : root.path("entries").properties()) {
      List<IndexEntry> versions = new ArrayList<>();
      for (JsonNode entry : chart.getValue()) {
        versions.add(IndexEntry.parse(entry));
      }
      entries.put(chart.getKey(), versions);
    }
    return new RepositoryIndex(entries, generated(root.path("generated").asText("")));
  }

  private static Instant generated(String text) {
    try {
      return text.isEmpty() ? null : OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("generated is not an RFC 3339 time: " + text, e);
    }
  }

  /** Every chart's versions, charts by name, versions newest first. */
  public Map<String, List<IndexEntry>> entries() {
    return entries;
  }

  /** A chart's versions, newest first; empty when the index does not know the chart. */
  public List<IndexEntry> versions(String chart) {
    return entries.getOrDefault(chart, List.of());
  }

  public Optional<IndexEntry> entry(String chart, String version) {
    return versions(chart).stream().filter(entry -> entry.version().equals(version)).findFirst();
  }

  /** When the index was last written; empty for an index that was never written. */
  public Optional<Instant> generated() {
    return Optional.ofNullable(generated);
  }

  /** This index with {@code entry} added, replacing an entry of the same chart and version. */
  public RepositoryIndex withEntry(IndexEntry entry) {
    Map<String, List<IndexEntry>> copy = new LinkedHashMap<>(entries);
    List<IndexEntry> versions = new ArrayList<>(versions(entry.name()));
    versions.removeIf(existing -> existing.version().equals(entry.version()));
    versions.add(entry);
    copy.put(entry.name(), versions);
    return new RepositoryIndex(copy, generated);
  }

  /**
   * This index plus every entry of {@code other} that this one lacks, as {@code helm repo index --merge}:
   * where both hold the same chart version, this index's entry wins.
   */
  public RepositoryIndex merge(RepositoryIndex other) {
    Map<String, List<IndexEntry>> merged = new LinkedHashMap<>(entries);
    other.entries.forEach((name, versions) -> {
      List<IndexEntry> combined = new ArrayList<>(versions(name));
      versions.stream().filter(entry -> entry(name, entry.version()).isEmpty()).forEach(combined::add);
      merged.put(name, combined);
    });
    return new RepositoryIndex(merged, generated);
  }

  /** The {@code index.yaml} text, stamped {@code generated}. */
  public String toYaml(Instant generated) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("apiVersion", "v1");
    Map<String, Object> charts = new TreeMap<>();
    entries.forEach((name, versions) -> charts.put(name, versions.stream().map(IndexEntry::toYamlMap).toList()));
    root.put("entries", charts);
    root.put("generated", generated.toString());
    try {
      return YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an index as YAML: " + e.getMessage(), e);
    }
  }

  /** Writes {@code index.yaml} stamped {@code generated}; readers never see a half-written file. */
  public RepositoryIndex write(Path file, Instant generated) {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(partial, toYaml(generated));
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return new RepositoryIndex(entries, generated);
  }
}
