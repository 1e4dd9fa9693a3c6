package dev.chartharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LocalImages: tarball names and the images they hold")
class LocalImagesTest {

  @Test
  @DisplayName("a tarball <name>-<tag>.tar holds localhost/chart-harness/<name>:<tag>")
  void reference() {
    assertThat(LocalImages.reference(Path.of("/cache/images/redis-7.0.15.tar"))).isEqualTo("localhost/chart-harness/redis:7.0.15");
    assertThat(LocalImages.reference(Path.of("journal-api-1.4.0.tar"))).isEqualTo("localhost/chart-harness/journal-api:1.4.0");
    assertThat(LocalImages.reference(Path.of("mariadb-10.11.19.tar"))).isEqualTo("localhost/chart-harness/mariadb:10.11.19");
    assertThat(LocalImages.name(Path.of("journal-api-1.4.0.tar"))).isEqualTo("journal-api");
    assertThatThrownBy(() -> LocalImages.reference(Path.of("pause.tar"))).hasMessageContaining("<name>-<tag>.tar");
  }

  @Test
  @DisplayName("the base images are only what a cluster brings itself (pause, CoreDNS, Traefik)")
  void base() {
    assertThat(LocalImages.base()).allMatch(image -> LocalImages.name(image).matches("pause|coredns|traefik"))
        .allMatch(image -> LocalImages.all().contains(image));
  }

  @Test
  @DisplayName("given images: a directory's tarballs, a tarball, and a clear refusal of anything else")
  void given(@org.junit.jupiter.api.io.TempDir Path directory) throws java.io.IOException {
    Path app = java.nio.file.Files.writeString(directory.resolve("app-1.0.0.tar"), "");
    java.nio.file.Files.writeString(directory.resolve("notes.txt"), "");
    assertThat(LocalImages.tarballs(directory)).containsExactly(app);
    assertThat(LocalImages.tarballs(app)).containsExactly(app);
    assertThatThrownBy(() -> LocalImages.tarballs(directory.resolve("notes.txt")))
        .hasMessageContaining("is neither an OCI image tarball (<name>-<tag>.tar) nor a directory of them");
  }
}
