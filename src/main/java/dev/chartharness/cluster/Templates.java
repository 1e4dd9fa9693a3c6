package dev.chartharness.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Configuration files the harness ships as resources with {@code ${NAME}} placeholders. */
public final class Templates {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[A-Z_]+}");

  private Templates() {
  }

  /** The resource's text; fails naming it when the jar lacks it. */
  public static String resource(String path) throws IOException {
    try (InputStream in = Templates.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("resource " + path + " is missing from the harness");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Replaces every {@code ${NAME}}; fails when one is left that {@code values} does not fill. */
  public static String fill(String name, String template, Map<String, String> values) {
    String text = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace("${" + value.getKey() + "}", value.getValue());
    }
    Matcher unfilled = PLACEHOLDER.matcher(text);
    if (unfilled.find()) {
      throw new IllegalStateException(name + " has a placeholder the harness does not fill: " + unfilled.group());
    }
    return text;
  }
}
