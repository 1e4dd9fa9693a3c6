package dev.chartharness.publish;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * YAML written the way Helm writes a chart's metadata into a {@code .prov}: {@code sigs.k8s.io/yaml} over go-yaml v2.4
 * (keys in go-yaml's natural order, block style, sequences not indented under their key, plain scalars folded after
 * column 80, its choice of plain, single-quoted, double-quoted and literal scalars). A port of the parts of go-yaml's
 * encoder and emitter that maps, lists, strings, booleans and integers reach, so that the harness's {@code .prov} body
 * is byte for byte the one {@code helm package --sign} writes.
 */
final class GoYaml {

  private static final int BEST_INDENT = 2;
  private static final int BEST_WIDTH = 80;
  private static final int MAX_SIMPLE_KEY_LENGTH = 128;

  private enum Style { PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, LITERAL }

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Deque<Integer> indents = new ArrayDeque<>();
  private int indent = -1;
  private int column;
  private boolean whitespace = true;
  private boolean indention = true;
  private boolean mappingContext;
  private boolean simpleKeyContext;

  private GoYaml() {
  }

  /** One document of {@code value}: a map, list, string, boolean or integer (nested freely), without {@code ---}. */
  static String marshal(Object value) {
    GoYaml emitter = new GoYaml();
    emitter.node(value, false, false);
    emitter.writeIndent();
    return emitter.out.toString(StandardCharsets.UTF_8);
  }

  private void node(Object value, boolean mapping, boolean simpleKey) {
    mappingContext = mapping;
    simpleKeyContext = simpleKey;
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        emptyFlow("{", "}");
      } else {
        blockMapping(map);
      }
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        emptyFlow("[", "]");
      } else {
        blockSequence(list);
      }
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      scalar(String.valueOf(value).getBytes(StandardCharsets.UTF_8), Style.PLAIN);
    } else if (value instanceof String string) {
      byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
      Style requested = string.contains("\n") ? Style.LITERAL : resolvesAsString(string) ? Style.PLAIN : Style.DOUBLE_QUOTED;
      scalar(bytes, requested);
    } else {
      throw new IllegalArgumentException("GoYaml writes maps, lists, strings, booleans and integers, not " + value);
    }
  }

  private void emptyFlow(String open, String close) {
    writeIndicator(open, true, true, false);
    writeIndicator(close, false, false, false);
  }

  private void blockMapping(Map<?, ?> map) {
    increaseIndent(false, false);
    List<String> keys = new ArrayList<>();
    map.keySet().forEach(key -> keys.add(String.valueOf(key)));
    keys.sort(GoYaml::compareKeys);
    for (String key : keys) {
      Object value = map.get(key);
      writeIndent();
      byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
      if (!analyze(keyBytes).multiline && keyBytes.length <= MAX_SIMPLE_KEY_LENGTH) {
        node(key, true, true);
        writeIndicator(":", false, false, false);
      } else {
        writeIndicator("?", true, false, true);
        node(key, true, false);
        writeIndent();
        writeIndicator(":", true, false, true);
      }
      node(value, true, false);
    }
    indent = indents.pop();
  }

  private void blockSequence(List<?> list) {
    increaseIndent(false, mappingContext && !indention);
    for (Object item : list) {
      writeIndent();
      writeIndicator("-", true, false, true);
      node(item, false, false);
    }
    indent = indents.pop();
  }

  private void increaseIndent(boolean flow, boolean indentless) {
    indents.push(indent);
    if (indent < 0) {
      indent = flow ? BEST_INDENT : 0;
    } else if (!indentless) {
      indent += BEST_INDENT;
    }
  }

  /** What go-yaml's analysis of a scalar allows. */
  private record Analysis(boolean multiline, boolean blockPlainAllowed, boolean singleQuotedAllowed, boolean blockAllowed) {
  }

  private static Analysis analyze(byte[] value) {
    if (value.length == 0) {
      return new Analysis(false, true, true, false);
    }
    boolean blockIndicators = false;
    boolean lineBreaks = false;
    boolean specialCharacters = false;
    boolean leadingSpace = false;
    boolean leadingBreak = false;
    boolean trailingSpace = false;
    boolean trailingBreak = false;
    boolean breakSpace = false;
    boolean spaceBreak = false;
    boolean previousSpace = false;
    boolean previousBreak = false;
    if (value.length >= 3 && ((value[0] == '-' && value[1] == '-' && value[2] == '-') || (value[0] == '.' && value[1] == '.' && value[2] == '.'))) {
      blockIndicators = true;
    }
    boolean precededByWhitespace = true;
    for (int i = 0, w; i < value.length; i += w) {
      w = width(value[i]);
      boolean followedByWhitespace = i + w >= value.length || isBlank(value, i + w);
      byte c = value[i];
      if (i == 0) {
        switch (c) {
          case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> blockIndicators = true;
          case '?', ':', '-' -> blockIndicators |= followedByWhitespace;
          default -> { }
        }
      } else if (c == ':') {
        blockIndicators |= followedByWhitespace;
      } else if (c == '#') {
        blockIndicators |= precededByWhitespace;
      }
      if (!isPrintable(value, i)) {
        specialCharacters = true;
      }
      if (c == ' ') {
        leadingSpace |= i == 0;
        trailingSpace |= i + w == value.length;
        breakSpace |= previousBreak;
        previousSpace = true;
        previousBreak = false;
      } else if (isBreak(value, i)) {
        lineBreaks = true;
        leadingBreak |= i == 0;
        trailingBreak |= i + w == value.length;
        spaceBreak |= previousSpace;
        previousSpace = false;
        previousBreak = true;
      } else {
        previousSpace = false;
        previousBreak = false;
      }
      precededByWhitespace = isBlankOrBreak(value, i);
    }
    boolean blockPlain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || spaceBreak
        || specialCharacters || lineBreaks || blockIndicators);
    boolean singleQuoted = !(breakSpace || spaceBreak || specialCharacters);
    boolean block = !(trailingSpace || spaceBreak || specialCharacters);
    return new Analysis(lineBreaks, blockPlain, singleQuoted, block);
  }

  private void scalar(byte[] value, Style requested) {
    Analysis analysis = analyze(value);
    Style style = requested;
    if (simpleKeyContext && analysis.multiline) {
      style = Style.DOUBLE_QUOTED;
    }
    if (style == Style.PLAIN && (!analysis.blockPlainAllowed || (value.length == 0 && simpleKeyContext))) {
      style = Style.SINGLE_QUOTED;
    }
    if (style == Style.SINGLE_QUOTED && !analysis.singleQuotedAllowed) {
      style = Style.DOUBLE_QUOTED;
    }
    if (style == Style.LITERAL && (!analysis.blockAllowed || simpleKeyContext)) {
      style = Style.DOUBLE_QUOTED;
    }
    increaseIndent(true, false);
    boolean allowBreaks = !simpleKeyContext;
    switch (style) {
      case PLAIN -> writeFolded(value, allowBreaks, false);
      case SINGLE_QUOTED -> writeFolded(value, allowBreaks, true);
      case DOUBLE_QUOTED -> writeDoubleQuoted(value, allowBreaks);
      case LITERAL -> writeLiteral(value);
    }
    indent = indents.pop();
  }

  // --- writing ---

  private void put(int b) {
    out.write(b);
    column++;
  }

  private void putBreak() {
    out.write('\n');
    column = 0;
  }

  /** Copies the character at {@code i}; returns the index after it. */
  private int write(byte[] value, int i) {
    int w = width(value[i]);
    out.write(value, i, w);
    column++;
    return i + w;
  }

  private int writeBreak(byte[] value, int i) {
    if (value[i] == '\n') {
      putBreak();
      return i + 1;
    }
    int next = write(value, i);
    column = 0;
    return next;
  }

  private void writeIndent() {
    int target = Math.max(indent, 0);
    if (!indention || column > target || (column == target && !whitespace)) {
      putBreak();
    }
    while (column < target) {
      put(' ');
    }
    whitespace = true;
    indention = true;
  }

  private void writeIndicator(String indicator, boolean needWhitespace, boolean isWhitespace, boolean isIndention) {
    if (needWhitespace && !whitespace) {
      put(' ');
    }
    byte[] bytes = indicator.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; ) {
      i = write(bytes, i);
    }
    whitespace = isWhitespace;
    indention = indention && isIndention;
  }

  /**
   * go-yaml's plain and single-quoted writers, which fold spaces and breaks alike: a space past column 80 becomes a line
   * break (a quoted scalar never breaks at its first or last character), and the quoted one doubles its quotes.
   */
  private void writeFolded(byte[] value, boolean allowBreaks, boolean quoted) {
    if (quoted) {
      writeIndicator("'", true, false, false);
    } else if (!whitespace) {
      put(' ');
    }
    boolean spaces = false;
    boolean breaks = false;
    for (int i = 0; i < value.length; ) {
      if (value[i] == ' ') {
        boolean inside = !quoted || (i > 0 && i < value.length - 1);
        if (allowBreaks && !spaces && column > BEST_WIDTH && inside && !isSpace(value, i + 1)) {
          writeIndent();
          i++;
        } else {
          i = write(value, i);
        }
        spaces = true;
      } else if (isBreak(value, i)) {
        if (!breaks && value[i] == '\n') {
          putBreak();
        }
        i = writeBreak(value, i);
        indention = true;
        breaks = true;
      } else {
        if (breaks) {
          writeIndent();
        }
        if (quoted && value[i] == '\'') {
          put('\'');
        }
        i = write(value, i);
        indention = false;
        spaces = false;
        breaks = false;
      }
    }
    if (quoted) {
      writeIndicator("'", false, false, false);
    }
    whitespace = false;
    indention = false;
  }

  private void writeDoubleQuoted(byte[] value, boolean allowBreaks) {
    boolean spaces = false;
    writeIndicator("\"", true, false, false);
    boolean startsWithBom = value.length >= 3 && (value[0] & 0xFF) == 0xEF && (value[1] & 0xFF) == 0xBB && (value[2] & 0xFF) == 0xBF;
    for (int i = 0; i < value.length; ) {
      if (!isPrintable(value, i) || startsWithBom || isBreak(value, i) || value[i] == '"' || value[i] == '\\') {
        int w = width(value[i]);
        int codePoint = new String(value, i, w, StandardCharsets.UTF_8).codePointAt(0);
        i += w;
        put('\\');
        String escape = switch (codePoint) {
          case 0x00 -> "0";
          case 0x07 -> "a";
          case 0x08 -> "b";
          case 0x09 -> "t";
          case 0x0A -> "n";
          case 0x0B -> "v";
          case 0x0C -> "f";
          case 0x0D -> "r";
          case 0x1B -> "e";
          case 0x22 -> "\"";
          case 0x5C -> "\\";
          case 0x85 -> "N";
          case 0xA0 -> "_";
          case 0x2028 -> "L";
          case 0x2029 -> "P";
          default -> codePoint <= 0xFF ? String.format("x%02X", codePoint)
              : codePoint <= 0xFFFF ? String.format("u%04X", codePoint) : String.format("U%08X", codePoint);
        };
        escape.chars().forEach(this::put);
        spaces = false;
      } else if (value[i] == ' ') {
        if (allowBreaks && !spaces && column > BEST_WIDTH && i > 0 && i < value.length - 1) {
          writeIndent();
          if (isSpace(value, i + 1)) {
            put('\\');
          }
          i++;
        } else {
          i = write(value, i);
        }
        spaces = true;
      } else {
        i = write(value, i);
        spaces = false;
      }
    }
    writeIndicator("\"", false, false, false);
    whitespace = false;
    indention = false;
  }

  private void writeLiteral(byte[] value) {
    writeIndicator("|", true, false, false);
    if (value.length > 0 && (value[0] == ' ' || isBreak(value, 0))) {
      writeIndicator(String.valueOf(BEST_INDENT), false, false, false);
    }
    String chomp = chompIndicator(value);
    if (!chomp.isEmpty()) {
      writeIndicator(chomp, false, false, false);
    }
    putBreak();
    indention = true;
    whitespace = true;
    boolean breaks = true;
    for (int i = 0; i < value.length; ) {
      if (isBreak(value, i)) {
        i = writeBreak(value, i);
        indention = true;
        breaks = true;
      } else {
        if (breaks) {
          writeIndent();
        }
        i = write(value, i);
        indention = false;
        breaks = false;
      }
    }
  }

  /** {@code -} without a final line break, {@code +} with more than one, nothing with exactly one. */
  private static String chompIndicator(byte[] value) {
    if (value.length == 0) {
      return "-";
    }
    int last = lastCharacter(value, value.length);
    if (!isBreak(value, last)) {
      return "-";
    }
    if (last == 0) {
      return "+";
    }
    return isBreak(value, lastCharacter(value, last)) ? "+" : "";
  }

  private static int lastCharacter(byte[] value, int end) {
    int i = end - 1;
    while ((value[i] & 0xC0) == 0x80) {
      i--;
    }
    return i;
  }

  // --- characters, as go-yaml's yamlprivateh.go classifies UTF-8 bytes ---

  private static int width(byte b) {
    int u = b & 0xFF;
    return (u & 0x80) == 0 ? 1 : (u & 0xE0) == 0xC0 ? 2 : (u & 0xF0) == 0xE0 ? 3 : (u & 0xF8) == 0xF0 ? 4 : 1;
  }

  private static int at(byte[] value, int i) {
    return i < value.length ? value[i] & 0xFF : 0;
  }

  private static boolean isSpace(byte[] value, int i) {
    return at(value, i) == ' ';
  }

  private static boolean isBlank(byte[] value, int i) {
    return at(value, i) == ' ' || at(value, i) == '\t';
  }

  private static boolean isBreak(byte[] value, int i) {
    int b = at(value, i);
    return b == '\r' || b == '\n' || (b == 0xC2 && at(value, i + 1) == 0x85)
        || (b == 0xE2 && at(value, i + 1) == 0x80 && (at(value, i + 2) == 0xA8 || at(value, i + 2) == 0xA9));
  }

  private static boolean isBlankOrBreak(byte[] value, int i) {
    return isBlank(value, i) || isBreak(value, i) || at(value, i) == 0;
  }

  private static boolean isPrintable(byte[] value, int i) {
    int b = at(value, i);
    int next = at(value, i + 1);
    return b == 0x0A || (b >= 0x20 && b <= 0x7E) || (b == 0xC2 && next >= 0xA0) || (b > 0xC2 && b < 0xED)
        || (b == 0xED && next < 0xA0) || b == 0xEE
        || (b == 0xEF && !(next == 0xBB && at(value, i + 2) == 0xBF) && !(next == 0xBF && (at(value, i + 2) == 0xBE || at(value, i + 2) == 0xBF)));
  }

  // --- go-yaml's key order (sorter.go): letters before other characters, runs of digits by their value ---

  static int compareKeys(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    return less(a, b) ? -1 : 1;
  }

  private static boolean less(String a, String b) {
    int[] ar = a.codePoints().toArray();
    int[] br = b.codePoints().toArray();
    for (int i = 0; i < ar.length && i < br.length; i++) {
      if (ar[i] == br[i]) {
        continue;
      }
      boolean al = Character.isLetter(ar[i]);
      boolean bl = Character.isLetter(br[i]);
      if (al && bl) {
        return ar[i] < br[i];
      }
      if (al || bl) {
        return bl;
      }
      long an = 0;
      long bn = 0;
      if (ar[i] == '0' || br[i] == '0') {
        for (int j = i - 1; j >= 0 && Character.isDigit(ar[j]); j--) {
          if (ar[j] != '0') {
            an = 1;
            bn = 1;
            break;
          }
        }
      }
      int ai = i;
      for (; ai < ar.length && Character.isDigit(ar[ai]); ai++) {
        an = an * 10 + (ar[ai] - '0');
      }
      int bi = i;
      for (; bi < br.length && Character.isDigit(br[bi]); bi++) {
        bn = bn * 10 + (br[bi] - '0');
      }
      if (an != bn) {
        return an < bn;
      }
      if (ai != bi) {
        return ai < bi;
      }
      return ar[i] < br[i];
    }
    return ar.length < br.length;
  }

  // --- go-yaml's resolve.go: would the string, written plain, read back as something else? ---

  private static final Set<String> NOT_STRINGS = Set.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
      "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null", "NULL",
      ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF");
  private static final Pattern YAML_FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
  private static final Pattern DOT_FLOAT = Pattern.compile("^\\.[0-9]+([eE][-+]?[0-9]+)?$");
  private static final Pattern BASE60_FLOAT = Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
  private static final Pattern TIMESTAMP = Pattern.compile(
      "^(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:(?:[Tt](\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2}))"
          + "|(?: (\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.\\d+)?))?$");

  static boolean resolvesAsString(String s) {
    if (NOT_STRINGS.contains(s)) {
      return false;
    }
    char first = s.charAt(0);
    boolean number = first == '+' || first == '-' || (first >= '0' && first <= '9');
    if (first == '.') {
      return !DOT_FLOAT.matcher(s).matches();
    }
    if (!number) {
      return true;
    }
    if (isTimestamp(s)) {
      return false;
    }
    String plain = s.replace("_", "");
    if (parsesAsGoInteger(plain) || (YAML_FLOAT.matcher(plain).matches() && Double.isFinite(Double.parseDouble(plain)))) {
      return false;
    }
    if (plain.startsWith("0b") && isDigits(plain.substring(2), 2) || plain.startsWith("-0b") && isDigits(plain.substring(3), 2)) {
      return false;
    }
    return !(s.indexOf(':') >= 0 && BASE60_FLOAT.matcher(s).matches());
  }

  private static boolean isTimestamp(String s) {
    Matcher matcher = TIMESTAMP.matcher(s);
    if (!matcher.matches()) {
      return false;
    }
    try {
      LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)));
    } catch (DateTimeException e) {
      return false;
    }
    for (int group : new int[] {4, 7}) {
      if (matcher.group(group) != null && (Integer.parseInt(matcher.group(group)) > 23
          || Integer.parseInt(matcher.group(group + 1)) > 59 || Integer.parseInt(matcher.group(group + 2)) > 59)) {
        return false;
      }
    }
    return true;
  }

  /** Go's {@code strconv.ParseInt(s, 0, 64)} or {@code ParseUint(s, 0, 64)} succeeds. */
  private static boolean parsesAsGoInteger(String s) {
    String digits = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    int radix = 10;
    String lower = digits.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("0x")) {
      radix = 16;
      digits = digits.substring(2);
    } else if (lower.startsWith("0o")) {
      radix = 8;
      digits = digits.substring(2);
    } else if (lower.startsWith("0b")) {
      radix = 2;
      digits = digits.substring(2);
    } else if (digits.length() > 1 && digits.startsWith("0")) {
      radix = 8;
      digits = digits.substring(1);
    }
    if (!isDigits(digits, radix)) {
      return false;
    }
    java.math.BigInteger magnitude = new java.math.BigInteger(digits, radix);
    boolean negative = s.startsWith("-");
    java.math.BigInteger limit = negative ? java.math.BigInteger.ONE.shiftLeft(63)
        : s.startsWith("+") ? java.math.BigInteger.ONE.shiftLeft(63).subtract(java.math.BigInteger.ONE)
        : java.math.BigInteger.ONE.shiftLeft(64).subtract(java.math.BigInteger.ONE);
    return magnitude.compareTo(limit) <= 0;
  }

  private static boolean isDigits(String s, int radix) {
    return !s.isEmpty() && s.chars().allMatch(c -> Character.digit(c, radix) >= 0 && c < 128);
  }
}
