package dev.chartharness.verify;

/**
 * One verification of a live release.
 *
 * @param check what was verified ({@code ready-endpoints}, {@code ingress-route}, {@code job-complete}, ...)
 * @param object the object it concerns ({@code Service/journal-frontend})
 * @param passed whether it held
 * @param detail what was seen: the addresses, the route, or why it failed
 */
public record VerifiedCheck(String check, String object, boolean passed, String detail) {

  @Override
  public String toString() {
    return (passed ? "PASS " : "FAIL ") + check + " " + object + ": " + detail;
  }
}
