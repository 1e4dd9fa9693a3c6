package dev.chartharness.render;

/**
 * Makes {@code lookup} return an empty map, as it does under {@code helm template}: embedded Helm's
 * template would reach for a cluster instead. Each call of the function {@code lookup} inside a template
 * action becomes {@code pick (dict)}, which takes the same arguments and returns an empty map; text
 * outside actions, string and raw-string literals, comments, fields ({@code .lookup}) and variables
 * ({@code $lookup}) are left alone.
 */
final class TemplateLookups {

  private static final String FUNCTION = "lookup";
  private static final String EMPTY_RESULT = "pick (dict)";

  private TemplateLookups() {
  }

  static String emptied(String template) {
    if (!template.contains(FUNCTION)) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length());
    int i = 0;
    int length = template.length();
    while (i < length) {
      int open = template.indexOf("{{", i);
      if (open < 0) {
        out.append(template, i, length);
        break;
      }
      out.append(template, i, open + 2);
      i = open + 2;
      // Inside an action until "}}" outside a literal or comment.
      while (i < length) {
        char c = template.charAt(i);
        if (c == '}' && i + 1 < length && template.charAt(i + 1) == '}') {
          out.append("}}");
          i += 2;
          break;
        }
        if (c == '/' && i + 1 < length && template.charAt(i + 1) == '*') {
          int end = template.indexOf("*/", i + 2);
          end = end < 0 ? length : end + 2;
          out.append(template, i, end);
          i = end;
        } else if (c == '"' || c == '\'') {
          int end = i + 1;
          while (end < length && template.charAt(end) != c) {
            end += template.charAt(end) == '\\' ? 2 : 1;
          }
          end = Math.min(end + 1, length);
          out.append(template, i, end);
          i = end;
        } else if (c == '`') {
          int end = template.indexOf('`', i + 1);
          end = end < 0 ? length : end + 1;
          out.append(template, i, end);
          i = end;
        } else if (template.startsWith(FUNCTION, i) && isCall(template, i)) {
          out.append(EMPTY_RESULT);
          i += FUNCTION.length();
        } else {
          out.append(c);
          i++;
        }
      }
    }
    return out.toString();
  }

  private static boolean isCall(String template, int at) {
    char before = at == 0 ? ' ' : template.charAt(at - 1);
    int after = at + FUNCTION.length();
    char next = after < template.length() ? template.charAt(after) : ' ';
    return !isIdentifier(before) && before != '.' && before != '$' && !isIdentifier(next);
  }

  private static boolean isIdentifier(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
