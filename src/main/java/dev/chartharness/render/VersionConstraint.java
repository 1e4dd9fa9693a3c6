package dev.chartharness.render;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dependency's {@code version:} constraint as Helm reads it (Masterminds semver): {@code ||} between
 * alternatives, spaces or commas between conditions that must all hold; {@code = != > < >= <=},
 * {@code ~} (patch-level), {@code ^} (compatible), wildcards ({@code 1.2.x}, {@code *}) and hyphen ranges
 * ({@code 1.2 - 1.4}). As in Helm, a pre-release version satisfies only conditions that name a pre-release.
 */
public final class VersionConstraint {

  private static final Pattern CONDITION = Pattern.compile(
      "(=|!=|>=|=>|<=|=<|>|<|~>|~|\\^)?\\s*v?(\\d+|[xX*])(?:\\.(\\d+|[xX*]))?(?:\\.(\\d+|[xX*]))?(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");
  private static final Pattern HYPHEN = Pattern.compile("(\\S+)\\s+-\\s+(\\S+)");

  private final String text;
  private final List<List<Condition>> alternatives;

  private VersionConstraint(String text, List<List<Condition>> alternatives) {
    this.text = text;
    this.alternatives = alternatives;
  }

  /** Parses a constraint; fails naming it when it is not one. */
  public static VersionConstraint parse(String text) {
    List<List<Condition>> alternatives = new ArrayList<>();
    for (String alternative : text.split("\\|\\|")) {
      String expanded = HYPHEN.matcher(alternative.strip()).replaceAll(">= $1, <= $2");
      List<Condition> conditions = new ArrayList<>();
      Matcher matcher = CONDITION.matcher(expanded);
      int position = 0;
      while (position < expanded.length()) {
        char next = expanded.charAt(position);
        if (next == ' ' || next == ',') {
          position++;
          continue;
        }
        if (!matcher.find(position) || matcher.start() != position) {
          throw new IllegalArgumentException("not a version constraint: " + text);
        }
        conditions.add(Condition.of(matcher));
        position = matcher.end();
      }
      if (conditions.isEmpty()) {
        throw new IllegalArgumentException("not a version constraint: " + text);
      }
      alternatives.add(conditions);
    }
    return new VersionConstraint(text, alternatives);
  }

  /** True when {@code version} satisfies the constraint. */
  public boolean allows(String version) {
    SemanticVersion candidate = SemanticVersion.parse(version);
    if (!candidate.valid()) {
      return false;
    }
    return alternatives.stream().anyMatch(conditions -> conditions.stream().allMatch(condition -> condition.test(candidate)));
  }

  @Override
  public String toString() {
    return text;
  }

  private record Condition(Predicate<SemanticVersion> test, boolean namesPreRelease) {

    boolean test(SemanticVersion version) {
      if (!version.preRelease().isEmpty() && !namesPreRelease) {
        return false;
      }
      return test.test(version);
    }

    static Condition of(Matcher matcher) {
      String operator = matcher.group(1) == null ? "=" : matcher.group(1);
      String[] parts = {matcher.group(2), matcher.group(3), matcher.group(4)};
      int given = 0;
      while (given < 3 && parts[given] != null && !isWildcard(parts[given])) {
        given++;
      }
      final int known = given;
      String preRelease = matcher.group(5) == null ? "" : matcher.group(5);
      SemanticVersion floor = version(parts, known, preRelease);
      boolean namesPreRelease = !preRelease.isEmpty();
      Predicate<SemanticVersion> test = switch (operator) {
        case "=" -> known == 3 ? v -> v.compareTo(floor) == 0 : within(floor, bump(parts, known - 1), known);
        case "!=" -> known == 3 ? v -> v.compareTo(floor) != 0 : within(floor, bump(parts, known - 1), known).negate();
        case ">" -> known == 3 ? v -> v.compareTo(floor) > 0 : atLeast(known == 0 ? null : bump(parts, known - 1));
        case ">=", "=>" -> v -> v.compareTo(floor) >= 0;
        case "<" -> v -> v.compareTo(floor) < 0;
        case "<=", "=<" -> known == 3 ? v -> v.compareTo(floor) <= 0 : below(known == 0 ? null : bump(parts, known - 1));
        case "~", "~>" -> within(floor, bump(parts, known >= 2 ? 1 : 0), known);
        case "^" -> within(floor, caret(parts, known), known);
        default -> throw new IllegalArgumentException("unknown operator " + operator);
      };
      return new Condition(test, namesPreRelease);
    }

    /** At least {@code bound}; nothing when there is no bound ({@code >*}). */
    private static Predicate<SemanticVersion> atLeast(SemanticVersion bound) {
      return bound == null ? v -> false : v -> v.compareTo(bound) >= 0;
    }

    /** Below {@code bound}; everything when there is no bound ({@code <=*}). */
    private static Predicate<SemanticVersion> below(SemanticVersion bound) {
      return bound == null ? v -> true : v -> v.compareTo(bound) < 0;
    }

    private static Predicate<SemanticVersion> within(SemanticVersion floor, SemanticVersion ceiling, int known) {
      return known == 0 ? v -> true : v -> v.compareTo(floor) >= 0 && v.compareTo(ceiling) < 0;
    }

    /** The upper bound of {@code ^}: the first non-zero part given is the one that may not change. */
    private static SemanticVersion caret(String[] parts, int known) {
      for (int i = 0; i < Math.max(known, 1) - 1; i++) {
        if (!parts[i].equals("0")) {
          return bump(parts, i);
        }
      }
      return bump(parts, Math.max(known, 1) - 1);
    }

    private static SemanticVersion version(String[] parts, int known, String preRelease) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        text.append(i == 0 ? "" : ".").append(i < known ? parts[i] : "0");
      }
      return SemanticVersion.parse(text + preRelease);
    }

    /** The version after every one that keeps parts 0..index: 1.2.x bumped at 1 is 1.3.0. */
    private static SemanticVersion bump(String[] parts, int index) {
      if (index < 0) {
        return SemanticVersion.parse("999999999.0.0");
      }
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        String part = i < index ? parts[i] : i == index ? new BigInteger(parts[i]).add(BigInteger.ONE).toString() : "0";
        text.append(i == 0 ? "" : ".").append(part);
      }
      return SemanticVersion.parse(text + "-0");
    }

    private static boolean isWildcard(String part) {
      return part.equals("x") || part.equals("X") || part.equals("*");
    }
  }
}
