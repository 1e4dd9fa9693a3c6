package dev.chartharness.install;

import dev.chartharness.validate.Finding;
import java.util.List;
import java.util.stream.Collectors;

/** An upgrade the live check refused before Helm ran: what Kubernetes would refuse, or fields another manager owns. */
public class UpgradeRefusedException extends RuntimeException {

  private final transient List<Finding> findings;

  public UpgradeRefusedException(String release, String namespace, List<Finding> findings) {
    super("upgrade of release " + release + " in namespace " + namespace + " refused before Helm ran; " + findings.size()
        + " finding" + (findings.size() == 1 ? "" : "s") + ":\n" + findings.stream().map(Finding::toString).collect(Collectors.joining("\n  ", "  ", "")));
    this.findings = List.copyOf(findings);
  }

  public List<Finding> findings() {
    return findings;
  }
}
