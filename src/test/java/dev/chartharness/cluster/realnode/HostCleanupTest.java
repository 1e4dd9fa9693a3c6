package dev.chartharness.cluster.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("HostCleanup: what a real node leaves on the host is found and only that")
class HostCleanupTest {

  @TempDir
  Path temp;

  @Test
  @DisplayName("finds no mounts under a directory nothing is mounted on")
  void noMounts() {
    assertThat(HostCleanup.mountsUnder(Path.of("/nonexistent/chart-harness-node-test"))).isEmpty();
  }

  @Test
  @DisplayName("the kernel settings the kubelet changed get their recorded values back; others are not written")
  void kernelSettingsRestored() throws IOException {
    Path sysctls = Files.createDirectories(temp.resolve("sys"));
    for (String key : KernelSettings.KUBELET_SETS) {
      Files.createDirectories(sysctls.resolve(key).getParent());
      Files.writeString(sysctls.resolve(key), "0\n");
    }
    Path record = temp.resolve("kernel-settings.before");
    Files.writeString(record, "vm/overcommit_memory=0\nkernel/panic=0\nnet/ipv4/ip_forward=1\nnot a line\n");
    Files.writeString(sysctls.resolve("vm/overcommit_memory"), "1\n");
    Files.writeString(sysctls.resolve("kernel/panic"), "10\n");
    List<String> problems = new ArrayList<>();
    KernelSettings.restore(record, sysctls, problems);
    assertThat(problems).isEmpty();
    assertThat(KernelSettings.current(sysctls)).containsEntry("vm/overcommit_memory", "0").containsEntry("kernel/panic", "0");
    // Only what the kubelet sets is ever written back, whatever the record says.
    assertThat(sysctls.resolve("net/ipv4/ip_forward")).doesNotExist();
  }

  @Test
  @DisplayName("a value that cannot be written back is reported, naming the setting")
  void kernelSettingReported() throws IOException {
    Path sysctls = Files.createDirectories(temp.resolve("sys"));
    Path record = temp.resolve("kernel-settings.before");
    Files.writeString(record, "kernel/panic=0\n");
    List<String> problems = new ArrayList<>();
    KernelSettings.restore(record, sysctls, problems);
    assertThat(problems).singleElement().asString().startsWith("cannot restore kernel.panic to 0");
  }
}
