package dev.chartharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
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

  @Test
  @DisplayName("an image built from a directory: one layer, named localhost/chart-harness/<name>:<tag>, ready for withImages")
  void fromDirectory(@org.junit.jupiter.api.io.TempDir Path work) throws java.io.IOException {
    Path rootfs = java.nio.file.Files.createDirectories(work.resolve("rootfs/app"));
    java.nio.file.Files.writeString(rootfs.resolve("hello.txt"), "hello\n");
    Path tarball = LocalImages.fromDirectory(work.resolve("rootfs"), "hello", "1.0.0", "1000:1000", List.of("/app/run", "--port=8080"), work);
    assertThat(tarball.getFileName().toString()).isEqualTo("hello-1.0.0.tar");
    assertThat(LocalImages.reference(tarball)).isEqualTo("localhost/chart-harness/hello:1.0.0");
    // The OCI layout is a plain tar: its index names the image.
    String text = new String(java.nio.file.Files.readAllBytes(tarball), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(text).contains("oci-layout").contains("localhost/chart-harness/hello:1.0.0");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalImages.fromDirectory(work.resolve("missing"), "x", "1", "1:1", List.of("/x"), work))
        .hasMessageContaining("is not a directory");
  }
}
