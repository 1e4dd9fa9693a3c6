package dev.chartharness.validate;

/**
 * One problem found in a rendered release.
 *
 * @param severity error or warning
 * @param rule the check that found it ({@code schema}, {@code references}, {@code pod-security}, ...)
 * @param object the object as {@code kind/name} or {@code kind/namespace/name}
 * @param field the field path inside the object ({@code spec.template.spec.containers[frontend].image})
 * @param message what is wrong and what would be right
 * @param hook the object's {@code helm.sh/hook} annotation when it is a Helm hook ({@code test}, {@code post-install}), else empty
 */
public record Finding(Severity severity, String rule, String object, String field, String message, String hook) {

  /** The order of a report: errors first, then by object, field, rule and message, so the same input gives the same bytes. */
  public static final java.util.Comparator<Finding> ORDER = java.util.Comparator.comparing(Finding::severity)
      .thenComparing(Finding::object).thenComparing(Finding::field).thenComparing(Finding::rule).thenComparing(Finding::message);

  public Finding(Severity severity, String rule, String object, String field, String message) {
    this(severity, rule, object, field, message, "");
  }

  /** The same finding on a Helm hook. */
  public Finding onHook(String hookAnnotation) {
    return new Finding(severity, rule, object, field, message, hookAnnotation == null ? "" : hookAnnotation);
  }

  public static Finding error(String rule, String object, String field, String message) {
    return new Finding(Severity.ERROR, rule, object, field, message);
  }

  public static Finding warning(String rule, String object, String field, String message) {
    return new Finding(Severity.WARNING, rule, object, field, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code ERROR kind/name field: message [rule]}, the command line's one-line form; hooks say so after the object. */
  @Override
  public String toString() {
    return severity + " " + object + (hook.isEmpty() ? "" : " (hook " + hook + ")") + " " + field + ": " + message + " [" + rule + "]";
  }
}
