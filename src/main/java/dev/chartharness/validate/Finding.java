package dev.chartharness.validate;

/**
 * One problem found in a rendered release.
 *
 * @param severity error or warning
 * @param rule the check that found it ({@code schema}, {@code references}, {@code pod-security}, ...)
 * @param object the object as {@code kind/name} or {@code kind/namespace/name}
 * @param field the field path inside the object ({@code spec.template.spec.containers[frontend].image})
 * @param message what is wrong and what would be right
 */
public record Finding(Severity severity, String rule, String object, String field, String message) {

  public static Finding error(String rule, String object, String field, String message) {
    return new Finding(Severity.ERROR, rule, object, field, message);
  }

  public static Finding warning(String rule, String object, String field, String message) {
    return new Finding(Severity.WARNING, rule, object, field, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code ERROR kind/name field: message}, the command line's one-line form. */
  @Override
  public String toString() {
    return severity + " " + object + " " + field + ": " + message + " [" + rule + "]";
  }
}
