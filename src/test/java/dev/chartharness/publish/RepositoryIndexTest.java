package dev.chartharness.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartharness.render.ChartDependency;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("RepositoryIndex: a chart repository's index.yaml, read, merged and written as Helm does")
class RepositoryIndexTest {

  private static final Instant CREATED = Instant.parse("2025-01-02T03:04:05.123456789Z");

  @TempDir
  Path directory;

  private static IndexEntry entry(String name, String version) {
    return new IndexEntry(name, version, "1.0.0", "the " + name + " chart", "v2", "application",
        List.of(new ChartDependency("common", "0.1.0", "file://../common", "")),
        "ab".repeat(32), List.of(name + "-" + version + ".tgz"), CREATED, Map.of("keywords", List.of(name)));
  }

  private static List<String> versions(RepositoryIndex index, String chart) {
    return index.versions(chart).stream().map(IndexEntry::version).toList();
  }

  @Nested
  @DisplayName("valid")
  class Valid {

    @Test
    @DisplayName("merging a new index into an existing one keeps the older versions")
    void mergeKeepsOlderVersions() {
      RepositoryIndex existing = RepositoryIndex.empty().withEntry(entry("frontend", "0.1.0")).withEntry(entry("redis", "0.1.0"));
      RepositoryIndex merged = RepositoryIndex.empty().withEntry(entry("frontend", "0.2.0")).merge(existing);
      assertThat(versions(merged, "frontend")).containsExactly("0.2.0", "0.1.0");
      assertThat(versions(merged, "redis")).containsExactly("0.1.0");
    }

    @Test
    @DisplayName("where both indexes hold the same version, the merging index's entry wins")
    void mergePrefersOwnEntry() {
      IndexEntry older = entry("frontend", "0.1.0");
      IndexEntry newer = new IndexEntry("frontend", "0.1.0", "", "", "v2", "application", List.of(), "cd".repeat(32),
          List.of("frontend-0.1.0.tgz"), CREATED, Map.of());
      RepositoryIndex merged = RepositoryIndex.empty().withEntry(newer).merge(RepositoryIndex.empty().withEntry(older));
      assertThat(merged.entry("frontend", "0.1.0")).contains(newer);
    }

    @Test
    @DisplayName("charts are sorted by name and each chart's versions newest first in SemVer order")
    void entriesSorted() {
      RepositoryIndex index = RepositoryIndex.empty();
      for (String version : List.of("1.0.0", "1.10.0", "1.0.0-rc.1", "1.9.0", "1.0.0-rc.10", "0.9.0")) {
        index = index.withEntry(entry("redis", version));
      }
      index = index.withEntry(entry("frontend", "0.1.0"));
      assertThat(index.entries().keySet()).containsExactly("frontend", "redis");
      assertThat(versions(index, "redis")).containsExactly("1.10.0", "1.9.0", "1.0.0", "1.0.0-rc.10", "1.0.0-rc.1", "0.9.0");
    }

    @Test
    @DisplayName("a written index reads back with every field, digest and download URL intact")
    void roundTrip() {
      IndexEntry entry = entry("journal", "0.1.0");
      Path file = directory.resolve("index.yaml");
      RepositoryIndex.empty().withEntry(entry).write(file, Instant.now());
      assertThat(RepositoryIndex.read(file).entry("journal", "0.1.0")).contains(entry);
    }

    @Test
    @DisplayName("writing stamps generated and uses Helm's shape: apiVersion v1, entries, digest without prefix, RFC 3339 times")
    void writtenShape() throws IOException {
      Instant generated = Instant.parse("2025-06-07T08:09:10Z");
      Path file = directory.resolve("index.yaml");
      RepositoryIndex written = RepositoryIndex.empty().withEntry(entry("todo", "0.1.0")).write(file, generated);
      String yaml = Files.readString(file);
      assertThat(written.generated()).contains(generated);
      assertThat(RepositoryIndex.read(file).generated()).contains(generated);
      assertThat(yaml).startsWith("apiVersion: \"v1\"\nentries:\n  todo:\n")
          .contains("digest: \"" + "ab".repeat(32) + "\"")
          .contains("created: \"2025-01-02T03:04:05.123456789Z\"")
          .contains("urls:\n    - \"todo-0.1.0.tgz\"")
          .endsWith("generated: \"2025-06-07T08:09:10Z\"\n");
    }

    @Test
    @DisplayName("an index written by helm repo index reads with its extra fields, which survive a rewrite")
    void readsHelmIndex() {
      RepositoryIndex index = RepositoryIndex.parse("""
          apiVersion: v1
          entries:
            nginx:
            - apiVersion: v2
              appVersion: 1.16.0
              created: "2016-10-06T16:23:20.499029981-06:00"
              description: A Helm chart for Kubernetes
              digest: 515c58e5f79d8b2913a10cb400ebb6fa9c77fe813287afbacf1a0b897cd78727
              home: https://example.org
              maintainers:
              - name: someone
              name: nginx
              type: application
              urls:
              - https://charts.example.org/nginx-0.2.0.tgz
              version: 0.2.0
          generated: "2016-10-06T16:23:20.499029981-06:00"
          """);
      IndexEntry nginx = index.entry("nginx", "0.2.0").orElseThrow();
      assertThat(nginx.created()).isEqualTo(Instant.parse("2016-10-06T22:23:20.499029981Z"));
      assertThat(nginx.appVersion()).isEqualTo("1.16.0");
      assertThat(nginx.otherFields()).containsEntry("home", "https://example.org").containsKey("maintainers");
      assertThat(RepositoryIndex.parse(index.toYaml(Instant.now())).entry("nginx", "0.2.0")).contains(nginx);
    }

    @Test
    @DisplayName("a repository without index.yaml has an empty index")
    void missingFileIsEmpty() {
      RepositoryIndex index = RepositoryIndex.read(directory.resolve("index.yaml"));
      assertThat(index.entries()).isEmpty();
      assertThat(index.generated()).isEmpty();
    }
  }

  @Nested
  @DisplayName("invalid")
  class Invalid {

    @Test
    @DisplayName("a file that is not a v1 repository index is refused, naming the file")
    void notAnIndex() throws IOException {
      Path file = directory.resolve("index.yaml");
      Files.writeString(file, "apiVersion: v2\nname: frontend\n");
      assertThatThrownBy(() -> RepositoryIndex.read(file))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(file.toString()).hasMessageContaining("apiVersion: v1");
    }

    @Test
    @DisplayName("an entry whose created time is not RFC 3339 is refused, naming chart and version")
    void badCreated() {
      assertThatThrownBy(() -> RepositoryIndex.parse("""
          apiVersion: v1
          entries:
            redis:
            - name: redis
              version: 0.3.0
              created: yesterday
          """))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("redis 0.3.0").hasMessageContaining("yesterday");
    }
  }
}
