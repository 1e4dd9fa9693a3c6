package dev.chartharness.cluster.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LocalNode: the address the node registers with")
class LocalNodeTest {

  @Test
  @DisplayName("the node registers with a non-loopback IPv4 address of this machine")
  void hostAddress() {
    assertThat(LocalNode.hostAddress()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+").isNotEqualTo("127.0.0.1");
  }
}
