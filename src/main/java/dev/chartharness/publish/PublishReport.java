package dev.chartharness.publish;

import java.util.List;
import java.util.Locale;

/**
 * What {@link PublishCommand} did: one {@link Publication} per chart and destination.
 *
 * @param publications in chart order, each chart's destinations in the order they were configured
 */
public record PublishReport(List<Publication> publications) {

  public PublishReport {
    publications = List.copyOf(publications);
  }

  /** What happened to one chart version at one destination. */
  public enum Outcome {
    /** The destination did not hold this version; now it does. */
    PUBLISHED,
    /** The destination already held this version with the same content; nothing was written. */
    UNCHANGED,
    /** The destination, or another one, holds this version with different content; nothing was written. */
    REFUSED
  }

  /**
   * @param chart the chart's name
   * @param version the chart's version
   * @param outcome what happened
   * @param where the archive's file in a repository directory, or its {@code oci://} reference
   * @param reason why it was refused (and what to do), or a note on an unchanged version (published unsigned); empty otherwise
   */
  public record Publication(String chart, String version, Outcome outcome, String where, String reason) {

    @Override
    public String toString() {
      String line = String.format("%-9s %s %s -> %s", outcome.name().toLowerCase(Locale.ROOT), chart, version, where);
      return reason.isEmpty() ? line : line + ": " + reason;
    }
  }

  public List<Publication> withOutcome(Outcome outcome) {
    return publications.stream().filter(publication -> publication.outcome() == outcome).toList();
  }

  public List<Publication> refused() {
    return withOutcome(Outcome.REFUSED);
  }

  public boolean hasRefusals() {
    return !refused().isEmpty();
  }

  /** This report when nothing was refused; otherwise a {@link PublishException} for the first refusal, the others suppressed. */
  public PublishReport orThrow() {
    List<Publication> refused = refused();
    if (refused.isEmpty()) {
      return this;
    }
    PublishException first = new PublishException(refused.get(0).chart(), refused.get(0).version(), refused.get(0).reason());
    refused.stream().skip(1).forEach(other -> first.addSuppressed(new PublishException(other.chart(), other.version(), other.reason())));
    throw first;
  }
}
