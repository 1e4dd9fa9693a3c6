package dev.chartharness.validate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How severe each policy rule is for a run; a rule that is switched off reports nothing.
 *
 * <p>Defaults: {@code pod-security}, {@code resources}, {@code readiness-probe} and {@code image-tag}
 * are errors; {@code pod-disruption-budget} is a warning. Schema, API and reference findings are
 * not policy: their severity is fixed.
 */
public final class Policy {

  public static final String POD_SECURITY = "pod-security";
  public static final String RESOURCES = "resources";
  public static final String READINESS_PROBE = "readiness-probe";
  public static final String IMAGE_TAG = "image-tag";
  public static final String POD_DISRUPTION_BUDGET = "pod-disruption-budget";

  private final Map<String, Severity> severities;

  private Policy(Map<String, Severity> severities) {
    this.severities = Collections.unmodifiableMap(severities);
  }

  public static Policy defaults() {
    Map<String, Severity> severities = new LinkedHashMap<>();
    severities.put(POD_SECURITY, Severity.ERROR);
    severities.put(RESOURCES, Severity.ERROR);
    severities.put(READINESS_PROBE, Severity.ERROR);
    severities.put(IMAGE_TAG, Severity.ERROR);
    severities.put(POD_DISRUPTION_BUDGET, Severity.WARNING);
    return new Policy(severities);
  }

  /** A copy with {@code rule} reported at {@code severity}. */
  public Policy withSeverity(String rule, Severity severity) {
    requireKnown(rule);
    Map<String, Severity> copy = new LinkedHashMap<>(severities);
    copy.put(rule, severity);
    return new Policy(copy);
  }

  /** A copy with {@code rule} switched off. */
  public Policy without(String rule) {
    requireKnown(rule);
    Map<String, Severity> copy = new LinkedHashMap<>(severities);
    copy.put(rule, null);
    return new Policy(copy);
  }

  /** The severity of {@code rule}, empty when it is off. */
  public Optional<Severity> severity(String rule) {
    requireKnown(rule);
    return Optional.ofNullable(severities.get(rule));
  }

  public Map<String, Severity> rules() {
    return severities;
  }

  private void requireKnown(String rule) {
    if (!severities.containsKey(rule)) {
      throw new IllegalArgumentException("unknown policy rule " + rule + "; rules are " + severities.keySet());
    }
  }
}
