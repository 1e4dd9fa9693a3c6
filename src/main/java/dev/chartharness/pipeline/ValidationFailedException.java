package dev.chartharness.pipeline;

import dev.chartharness.validate.Finding;
import dev.chartharness.validate.ValidationReport;
import java.util.stream.Collectors;

/** A release that validation found errors in, refused before anything was installed; the message lists every error. */
public class ValidationFailedException extends RuntimeException {

  private final transient ValidationReport report;

  public ValidationFailedException(ValidationReport report) {
    super("release " + report.release().name() + " of chart " + report.release().chart().directory() + " has "
        + report.errors().size() + " validation error" + (report.errors().size() == 1 ? "" : "s") + "; nothing was installed"
        + " (install anyway with --ignore-validation / installingDespiteErrors()):\n"
        + report.errors().stream().map(Finding::toString).collect(Collectors.joining("\n  ", "  ", "")));
    this.report = report;
  }

  public ValidationReport report() {
    return report;
  }
}
