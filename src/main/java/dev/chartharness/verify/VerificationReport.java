package dev.chartharness.verify;

import dev.chartharness.install.InstalledRelease;
import java.util.List;

/**
 * Everything verified of one live release.
 *
 * @param release the release
 * @param checks every check, in the order run
 * @param diagnostics what a person needs when something failed; empty when all passed
 */
public record VerificationReport(InstalledRelease release, List<VerifiedCheck> checks, String diagnostics) {

  public VerificationReport {
    checks = List.copyOf(checks);
  }

  public boolean passed() {
    return checks.stream().allMatch(VerifiedCheck::passed);
  }

  public List<VerifiedCheck> failures() {
    return checks.stream().filter(check -> !check.passed()).toList();
  }

  /** The report as a person reads it: one line per check, then the diagnosis if anything failed. */
  public String describe() {
    StringBuilder out = new StringBuilder("release " + release.name() + " in namespace " + release.namespace() + " (revision " + release.revision() + ", " + release.status() + ")\n");
    checks.forEach(check -> out.append("  ").append(check).append('\n'));
    out.append(passed() ? "verified: " + checks.size() + " checks passed\n" : failures().size() + " of " + checks.size() + " checks failed\n");
    if (!diagnostics.isEmpty()) {
      out.append(diagnostics);
    }
    return out.toString();
  }
}
