package dev.chartharness.validate;

import dev.chartharness.render.RenderedRelease;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Validates a rendered release offline: strict schema, API semantics, references and policy.
 *
 * <pre>{@code
 * ValidationReport report = ValidateCommand.release(release).withPolicy(Policy.defaults().without(Policy.POD_DISRUPTION_BUDGET)).call();
 * }</pre>
 */
public final class ValidateCommand {

  private static final List<Check> CHECKS = List.of(new StrictSchemaCheck(), new ApiSemanticsCheck(), new ReferenceCheck(), new PolicyCheck());

  private final RenderedRelease release;
  private Policy policy = Policy.defaults();

  private ValidateCommand(RenderedRelease release) {
    this.release = release;
  }

  public static ValidateCommand release(RenderedRelease release) {
    return new ValidateCommand(release);
  }

  /** The policy severities; {@link Policy#defaults()} unless given. */
  public ValidateCommand withPolicy(Policy policy) {
    this.policy = policy;
    return this;
  }

  public ValidationReport call() {
    List<Finding> findings = new ArrayList<>();
    for (Check check : CHECKS) {
      findings.addAll(check.check(release, policy));
    }
    findings.sort(Comparator.comparing(Finding::severity).thenComparing(Finding::object).thenComparing(Finding::field));
    return new ValidationReport(release, findings);
  }
}
