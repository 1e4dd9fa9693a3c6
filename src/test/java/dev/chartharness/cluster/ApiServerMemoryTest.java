package dev.chartharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ApiServerMemory: the API server's resident set from its /proc status or its metrics")
class ApiServerMemoryTest {

  @Test
  @DisplayName("/proc/<pid>/status: VmRSS now and VmHWM as the peak, in kB")
  void procStatus() {
    String status = "Name:\tkube-apiserver\nVmPeak:\t 2262028 kB\nVmHWM:\t  286720 kB\nVmRSS:\t  276480 kB\nThreads:\t12\n";
    ApiServerMemory memory = ApiServerMemory.fromProcStatus(status, "/proc/42/status").orElseThrow();
    assertThat(memory.residentBytes()).isEqualTo(276480L * 1024);
    assertThat(memory.peakBytes()).isEqualTo(OptionalLong.of(286720L * 1024));
    assertThat(memory.describe()).isEqualTo("270 MiB (peak 280 MiB)");
  }

  @Test
  @DisplayName("a status without VmRSS (a process that has exited to a zombie) gives nothing")
  void noResidentSet() {
    assertThat(ApiServerMemory.fromProcStatus("Name:\tkube-apiserver\nState:\tZ (zombie)\n", "/proc/42/status")).isEmpty();
  }

  @Test
  @DisplayName("/metrics: process_resident_memory_bytes in exponent notation, no peak; a similar name does not count")
  void metrics() {
    String metrics = "# HELP process_resident_memory_bytes Resident memory size in bytes.\n# TYPE process_resident_memory_bytes gauge\n"
        + "process_resident_memory_bytes_total 1\nprocess_resident_memory_bytes 2.61788672e+08\n";
    ApiServerMemory memory = ApiServerMemory.fromMetrics(metrics).orElseThrow();
    assertThat(memory.residentBytes()).isEqualTo(261_788_672L);
    assertThat(memory.peakBytes()).isEmpty();
    assertThat(memory.describe()).isEqualTo("249 MiB");
    assertThat(ApiServerMemory.fromMetrics("go_goroutines 12\n")).isEmpty();
  }
}
