package dev.chartharness.validate;

import dev.chartharness.render.RenderProblem;
import dev.chartharness.render.RenderedObject;
import dev.chartharness.render.RenderedRelease;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a rendered release offline: documents that are not objects, strict schema (built-in kinds,
 * and custom resources against their CRDs), API semantics, references, policy and APIs the release's
 * Kubernetes version removed or deprecated. Findings on Helm hooks say so; the report is sorted and free of
 * repeats, so the same input gives the same bytes.
 *
 * <pre>{@code
 * ValidationReport report = ValidateCommand.release(release).withPolicy(Policy.defaults().without(Policy.POD_DISRUPTION_BUDGET)).call();
 * }</pre>
 */
public final class ValidateCommand {

  private static final List<Check> CHECKS = List.of(new StrictSchemaCheck(), new ApiSemanticsCheck(), new ReferenceCheck(), new PolicyCheck(),
      new DeprecatedApiCheck());

  private final RenderedRelease release;
  private Policy policy = Policy.defaults();
  private final List<Path> crdFiles = new ArrayList<>();

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

  /** Files holding CustomResourceDefinitions the release's custom resources are checked against, besides the release's own. */
  public ValidateCommand withCrds(Path... files) {
    return withCrds(Arrays.asList(files));
  }

  public ValidateCommand withCrds(List<Path> files) {
    crdFiles.addAll(files);
    return this;
  }

  public ValidationReport call() {
    List<Finding> findings = new ArrayList<>();
    for (RenderProblem problem : release.problems()) {
      findings.add(Finding.error("render", problem.source(), problem.line() > 0 ? "line " + problem.line() : "document",
          problem.message() + (problem.lineText().isBlank() ? "" : ": \"" + problem.lineText().strip() + "\"")));
    }
    List<Check> checks = new ArrayList<>(CHECKS);
    checks.add(new CustomResourceCheck(crdFiles));
    for (Check check : checks) {
      findings.addAll(check.check(release, policy));
    }
    Map<String, String> hooks = new HashMap<>();
    for (RenderedObject object : release.objects()) {
      object.hook().ifPresent(hook -> hooks.put(object.id(), hook));
    }
    List<Finding> marked = findings.stream()
        .map(finding -> hooks.containsKey(finding.object()) ? finding.onHook(hooks.get(finding.object())) : finding)
        .distinct().sorted(Finding.ORDER).toList();
    return new ValidationReport(release, marked);
  }
}
