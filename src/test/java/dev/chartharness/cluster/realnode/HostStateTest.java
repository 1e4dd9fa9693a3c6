package dev.chartharness.cluster.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("HostState: listening sockets read from /proc/net/tcp and tcp6")
class HostStateTest {

  @Test
  @DisplayName("only LISTEN lines count; IPv4 and IPv6 addresses are read in the kernel's byte order")
  void listeners() {
    String tcp = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0
           1: 0200590A:A3DB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0000000000000000 100 0 0 10 0
           2: 0100007F:1F90 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0000000000000000 100 0 0 10 0
        """;
    String tcp6 = """
          sl  local_address                         remote_address                        st
           0: 00000000000000000000000001000000:0035 00000000000000000000000000000000:0000 0A 00000000:00000000
           1: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000
        """;
    assertThat(HostState.listeners(tcp)).extracting(Object::toString).containsExactly("127.0.0.1:8080", "10.89.0.2:41947");
    assertThat(HostState.listeners(tcp6)).extracting(Object::toString).containsExactly("[0:0:0:0:0:0:0:1]:53", "[0:0:0:0:0:0:0:0]:8080");
    assertThat(HostState.listeners(tcp6)).allSatisfy(listener -> assertThat(listener.address().isLoopbackAddress() || listener.address().isAnyLocalAddress()).isTrue());
  }
}
