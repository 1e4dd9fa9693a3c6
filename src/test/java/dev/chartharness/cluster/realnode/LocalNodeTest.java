package dev.chartharness.cluster.realnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LocalNode: image names and the node's address")
class LocalNodeTest {

  @Test
  @DisplayName("an image tarball <name>-<tag>.tar is the image localhost/chart-harness/<name>:<tag>")
  void imageReference() {
    assertThat(LocalNode.imageReference(Path.of("/cache/images/redis-7.0.15.tar"))).isEqualTo("localhost/chart-harness/redis:7.0.15");
    assertThat(LocalNode.imageReference(Path.of("journal-api-1.4.0.tar"))).isEqualTo("localhost/chart-harness/journal-api:1.4.0");
    assertThat(LocalNode.imageReference(Path.of("mariadb-10.11.19.tar"))).isEqualTo("localhost/chart-harness/mariadb:10.11.19");
    assertThatThrownBy(() -> LocalNode.imageReference(Path.of("pause.tar"))).hasMessageContaining("<name>-<tag>.tar");
  }

  @Test
  @DisplayName("the node registers with a non-loopback IPv4 address of this machine")
  void hostAddress() {
    assertThat(LocalNode.hostAddress()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+").isNotEqualTo("127.0.0.1");
  }
}
