package dev.chartharness.render;

/**
 * A rendered document that is not a Kubernetes object: invalid YAML, or YAML without
 * {@code apiVersion}/{@code kind}/{@code metadata}. The other documents are still rendered and validated.
 *
 * @param source the template it came from ({@code app/templates/configmap.yaml})
 * @param line the line in that template's rendered output, 0 when unknown
 * @param lineText the text of that line, empty when unknown
 * @param message what is wrong
 */
public record RenderProblem(String source, int line, String lineText, String message) {

  /** {@code app/templates/x.yaml line 4 ("  key: : value"): mapping values are not allowed here}. */
  public String describe() {
    return source + (line > 0 ? " line " + line + (lineText.isBlank() ? "" : " (\"" + lineText.strip() + "\")") : "") + ": " + message;
  }

  @Override
  public String toString() {
    return describe();
  }
}
