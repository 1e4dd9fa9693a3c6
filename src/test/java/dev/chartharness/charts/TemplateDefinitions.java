package dev.chartharness.charts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The named templates ({@code {{ define "NAME" }} ... {{ end }}} and {@code block}) of a chart's template files,
 * found by reading Go template actions: a define's {@code end} is the one that closes it, not the first {@code end}
 * of an {@code if}, {@code range} or {@code with} inside it; comments and quoted strings may contain braces.
 */
final class TemplateDefinitions {

  private static final Pattern KEYWORD = Pattern.compile("^(define|block|if|range|with|end|else)\\b");
  private static final Pattern COMMON_INCLUDE = Pattern.compile("^include\\s+\"common\\.");
  private static final Pattern NAME = Pattern.compile("^(?:define|block)\\s+(?:\"((?:[^\"\\\\]|\\\\.)*)\"|`([^`]*)`)");

  /**
   * One named template.
   *
   * @param chart the chart whose templates define it
   * @param file the template file, relative to the charts directory ({@code frontend/templates/_helpers.tpl})
   * @param name the template's name ({@code frontend.affinity})
   * @param body the text between the define action and its {@code end}, as written
   */
  record Definition(String chart, String file, String name, String body) {

    /**
     * The body without comments, trim markers and whitespace, and with this chart's name as a placeholder where it
     * names something: an included template ({@code "frontend.fullname"}) or a component ({@code "frontend"}).
     */
    String normalizedBody() {
      StringBuilder normalized = new StringBuilder();
      for (Piece piece : pieces(body, file + " (" + name + ")")) {
        if (piece.action() == null) {
          normalized.append(piece.text());
        } else if (!piece.action().comment()) {
          normalized.append("{{").append(piece.action().inner()).append("}}");
        }
      }
      return normalized.toString().replaceAll("\\s+", "")
          .replace("\"" + chart + ".", "\"<chart>.")
          .replace("\"" + chart + "\"", "\"<chart>\"");
    }

    /**
     * True when the body is a single {@code include} of a {@code common.*} helper, with no pipe after it: a chart-local
     * name for one call into the library ({@code <chart>.fullname}, {@code <chart>.secretName}), whose logic lives in
     * common once.
     */
    boolean aliasOfCommon() {
      List<Action> calls = new ArrayList<>();
      for (Piece piece : pieces(body, file + " (" + name + ")")) {
        if (piece.action() == null && !piece.text().isBlank()) {
          return false;
        }
        if (piece.action() != null && !piece.action().comment()) {
          calls.add(piece.action());
        }
      }
      return calls.size() == 1 && COMMON_INCLUDE.matcher(calls.get(0).inner()).find() && !pipedAtTopLevel(calls.get(0).inner());
    }

    @Override
    public String toString() {
      return name + " (" + file + ")";
    }
  }

  /** True when {@code inner} has a {@code |} outside parentheses and quotes: the include's result is processed further. */
  private static boolean pipedAtTopLevel(String inner) {
    int[] depth = {0};
    return unquoted(inner, 0, i -> {
      char c = inner.charAt(i);
      depth[0] += c == '(' ? 1 : c == ')' ? -1 : 0;
      return c == '|' && depth[0] == 0;
    }) >= 0;
  }

  /**
   * The first offset from {@code from} outside string, raw-string and character literals where {@code stop} holds,
   * or -1: template actions are read the way Go's template lexer reads them.
   */
  private static int unquoted(String text, int from, java.util.function.IntPredicate stop) {
    char quote = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote != '`') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '`' || c == '\'') {
        quote = c;
      } else if (stop.test(i)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * One action: the text between a pair of double braces.
   *
   * @param start offset of its opening braces
   * @param end offset just after its closing braces
   * @param inner its text without delimiters, trim markers and surrounding whitespace
   * @param comment true for a template comment (slash-star ... star-slash)
   */
  record Action(int start, int end, String inner, boolean comment) {

    String keyword() {
      Matcher keyword = KEYWORD.matcher(inner);
      return !comment && keyword.find() ? keyword.group(1) : "";
    }
  }

  /** Either literal text ({@code action == null}) or one action. */
  private record Piece(String text, Action action) {
  }

  private TemplateDefinitions() {
  }

  /** Every named template under {@code charts/<chart>/templates/} of every chart in {@code chartsDirectory}, by chart and path. */
  static List<Definition> inCharts(Path chartsDirectory) {
    List<Definition> definitions = new ArrayList<>();
    try (Stream<Path> charts = Files.list(chartsDirectory)) {
      for (Path chart : charts.filter(directory -> Files.isRegularFile(directory.resolve("Chart.yaml"))).sorted().toList()) {
        Path templates = chart.resolve("templates");
        if (!Files.isDirectory(templates)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(templates)) {
          for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
            String relative = chartsDirectory.relativize(file).toString();
            definitions.addAll(parse(chart.getFileName().toString(), relative, Files.readString(file)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the templates under " + chartsDirectory + ": " + e.getMessage(), e);
    }
    return definitions;
  }

  /** The named templates of one template file's text; fails naming the file on an unclosed action or an unbalanced {@code end}. */
  static List<Definition> parse(String chart, String file, String text) {
    record Open(String keyword, String name, int bodyStart) {
    }
    List<Definition> definitions = new ArrayList<>();
    Deque<Open> open = new ArrayDeque<>();
    for (Action action : actions(text, file)) {
      String keyword = action.keyword();
      switch (keyword) {
        case "define", "block" -> {
          Matcher name = NAME.matcher(action.inner());
          if (!name.find()) {
            throw new IllegalArgumentException(file + ": cannot read the template name of {{" + action.inner() + "}} at offset " + action.start());
          }
          open.push(new Open(keyword, name.group(1) != null ? name.group(1) : name.group(2), action.end()));
        }
        case "if", "range", "with" -> open.push(new Open(keyword, null, action.end()));
        case "end" -> {
          if (open.isEmpty()) {
            throw new IllegalArgumentException(file + ": {{ end }} at offset " + action.start() + " closes nothing");
          }
          Open closed = open.pop();
          if (closed.name() != null) {
            definitions.add(new Definition(chart, file, closed.name(), text.substring(closed.bodyStart(), action.start())));
          }
        }
        default -> {
        }
      }
    }
    if (!open.isEmpty()) {
      throw new IllegalArgumentException(file + ": {{ " + open.peek().keyword() + " }} is never closed with {{ end }}");
    }
    return definitions;
  }

  /** The actions of a template text, in order. */
  static List<Action> actions(String text, String where) {
    return pieces(text, where).stream().map(Piece::action).filter(action -> action != null).toList();
  }

  private static List<Piece> pieces(String text, String where) {
    List<Piece> pieces = new ArrayList<>();
    int position = 0;
    while (true) {
      int start = text.indexOf("{{", position);
      if (start < 0) {
        pieces.add(new Piece(text.substring(position), null));
        return pieces;
      }
      pieces.add(new Piece(text.substring(position, start), null));
      Action action = actionAt(text, start, where);
      pieces.add(new Piece(text.substring(start, action.end()), action));
      position = action.end();
    }
  }

  /** The action opening at {@code start}: a comment runs to its closing star-slash, anything else to braces outside quotes. */
  private static Action actionAt(String text, int start, String where) {
    int inner = start + 2;
    if (text.startsWith("- ", inner) || text.startsWith("-\t", inner) || text.startsWith("-\n", inner)) {
      inner++;
    }
    int content = inner;
    while (content < text.length() && Character.isWhitespace(text.charAt(content))) {
      content++;
    }
    if (text.startsWith("/*", content)) {
      int close = text.indexOf("*/", content + 2);
      int braces = close < 0 ? -1 : text.indexOf("}}", close + 2);
      if (braces < 0) {
        throw new IllegalArgumentException(where + ": comment at offset " + start + " is never closed");
      }
      return new Action(start, braces + 2, text.substring(content, close + 2), true);
    }
    int close = unquoted(text, inner, i -> text.startsWith("}}", i));
    if (close >= 0) {
      String body = text.substring(inner, close);
      if (body.endsWith("-") && body.length() > 1 && Character.isWhitespace(body.charAt(body.length() - 2))) {
        body = body.substring(0, body.length() - 1);
      }
      return new Action(start, close + 2, body.strip(), false);
    }
    throw new IllegalArgumentException(where + ": action at offset " + start + " is never closed with }}");
  }
}
