package dev.chartharness.pipeline;

import dev.chartharness.install.InstalledRelease;
import dev.chartharness.render.RenderedRelease;
import dev.chartharness.validate.ValidationReport;
import dev.chartharness.verify.VerificationReport;

/**
 * What each stage of a {@link ChartPipeline} produced.
 *
 * @param rendered the render
 * @param validation its validation (warnings, and errors when installed despite them)
 * @param installed the release Helm installed
 * @param verification the live checks
 */
public record PipelineResult(RenderedRelease rendered, ValidationReport validation, InstalledRelease installed, VerificationReport verification) {

  /** True when the live checks passed. */
  public boolean passed() {
    return verification.passed();
  }
}
