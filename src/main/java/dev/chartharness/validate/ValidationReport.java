package dev.chartharness.validate;

import dev.chartharness.render.RenderedRelease;
import java.util.List;

/**
 * The findings of one validation, errors first.
 *
 * @param release the release that was validated
 * @param findings every finding
 */
public record ValidationReport(RenderedRelease release, List<Finding> findings) {

  public ValidationReport {
    findings = List.copyOf(findings);
  }

  public List<Finding> errors() {
    return findings.stream().filter(Finding::isError).toList();
  }

  public List<Finding> warnings() {
    return findings.stream().filter(finding -> !finding.isError()).toList();
  }

  public boolean hasErrors() {
    return findings.stream().anyMatch(Finding::isError);
  }
}
