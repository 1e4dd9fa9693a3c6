package dev.chartharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.cluster.ClusterCapabilities;
import dev.chartharness.install.InstalledRelease;
import dev.chartharness.verify.VerificationReport;
import dev.chartharness.verify.VerifiedCheck;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("up prints a working curl line per route through the ingress controller")
class UpVerbTest {

  private static final InstalledRelease JOURNAL = new InstalledRelease("journal", "journal", "charts/journal", List.of(), null, 1, "deployed");

  private static VerificationReport report(VerifiedCheck... checks) {
    return new VerificationReport(JOURNAL, List.of(checks), "");
  }

  @Test
  @DisplayName("the probed path of each passed route, with its Host header, against the controller's address")
  void curlLines() {
    VerificationReport report = report(
        new VerifiedCheck("ingress-route", "Ingress/journal journal.localtest.me/api", true,
            "journal.localtest.me/api -> journal-frontend:8080 (Prefix /api) with ready endpoints http=[10.42.0.5]; GET journal.localtest.me/api/health (the backend's probe) -> HTTP 200 through the ingress controller"),
        new VerifiedCheck("ingress-route", "Ingress/journal journal.localtest.me/", false,
            "journal.localtest.me/ -> journal-fileserver:80; GET journal.localtest.me/healthz -> HTTP 404"),
        new VerifiedCheck("ready-endpoints", "Service/journal-frontend", true, "http=[10.42.0.5]"));
    List<String> lines = UpVerb.curlLines(List.of(report), new ClusterCapabilities("k3s", true, true, "http://localhost:32773", true));
    assertThat(lines).containsExactly("try journal: curl -H 'Host: journal.localtest.me' http://localhost:32773/api/health");
  }

  @Test
  @DisplayName("a backend without ingress HTTP says so and how to get one")
  void simulated() {
    assertThat(UpVerb.curlLines(List.of(), new ClusterCapabilities("local", false, false, null, false)))
        .singleElement().asString().contains("no ingress controller answers HTTP on local", "real-pods or k3s");
  }
}
