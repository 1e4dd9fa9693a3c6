package dev.chartharness.render;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chart version in SemVer 2 order, as Helm sorts a repository index: 1.10.0 after 1.9.0,
 * 1.0.0-rc.1 before 1.0.0, build metadata ignored. A version that is not SemVer sorts below every
 * one that is, by its text.
 */
public record SemanticVersion(String text, List<BigInteger> core, List<String> preRelease, boolean valid)
    implements Comparable<SemanticVersion> {

  /** Newest first, the order of a chart's entries in {@code index.yaml}. */
  public static final Comparator<String> DESCENDING = Comparator.comparing(SemanticVersion::parse).reversed();

  // Helm (Masterminds semver) also takes a leading "v" and a short "1.2".
  private static final Pattern SEMVER = Pattern.compile(
      "v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

  public static SemanticVersion parse(String text) {
    Matcher matcher = SEMVER.matcher(text.strip());
    if (!matcher.matches()) {
      return new SemanticVersion(text, List.of(), List.of(), false);
    }
    List<BigInteger> core = List.of(number(matcher.group(1)), number(matcher.group(2)), number(matcher.group(3)));
    List<String> preRelease = matcher.group(4) == null ? List.of() : List.of(matcher.group(4).split("\\."));
    return new SemanticVersion(text, core, preRelease, true);
  }

  private static BigInteger number(String digits) {
    return digits == null ? BigInteger.ZERO : new BigInteger(digits);
  }

  @Override
  public int compareTo(SemanticVersion other) {
    if (valid != other.valid) {
      return valid ? 1 : -1;
    }
    if (!valid) {
      return text.compareTo(other.text);
    }
    for (int i = 0; i < core.size(); i++) {
      int byPart = core.get(i).compareTo(other.core.get(i));
      if (byPart != 0) {
        return byPart;
      }
    }
    if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
      return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
    }
    for (int i = 0; i < Math.min(preRelease.size(), other.preRelease.size()); i++) {
      int byIdentifier = compareIdentifiers(preRelease.get(i), other.preRelease.get(i));
      if (byIdentifier != 0) {
        return byIdentifier;
      }
    }
    return Integer.compare(preRelease.size(), other.preRelease.size());
  }

  private static int compareIdentifiers(String left, String right) {
    boolean leftNumeric = left.chars().allMatch(Character::isDigit);
    boolean rightNumeric = right.chars().allMatch(Character::isDigit);
    if (leftNumeric && rightNumeric) {
      return new BigInteger(left).compareTo(new BigInteger(right));
    }
    if (leftNumeric != rightNumeric) {
      return leftNumeric ? -1 : 1;
    }
    return left.compareTo(right);
  }
}
