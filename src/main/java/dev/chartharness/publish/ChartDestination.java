package dev.chartharness.publish;

/** Somewhere charts are published to: a chart repository directory or an OCI registry. */
interface ChartDestination {

  /** Where {@code archive} lands, for the report: a file or an {@code oci://} reference. */
  String where(ChartArchive archive);

  /** What the destination already holds under the archive's name and version. */
  Comparison compare(ChartArchive archive);

  /** Adds the archive (and its {@code .prov} when it has one); called only after {@link #compare} found nothing under its version. */
  void publish(ChartArchive archive);

  /** True when what the destination holds under the archive's version has provenance (a {@code .prov}, a provenance layer). */
  boolean holdsProvenance(ChartArchive archive);

  /** Called once after every chart: a repository writes its index here. */
  default void finish() {
  }

  /** What a destination holds under a chart version, compared with the archive to publish. */
  record Comparison(State state, String detail) {

    enum State { ABSENT, SAME_CONTENT, DIFFERENT_CONTENT }

    static Comparison absent() {
      return new Comparison(State.ABSENT, "");
    }

    static Comparison sameContent() {
      return new Comparison(State.SAME_CONTENT, "");
    }

    /** {@code detail} says what the destination holds, e.g. "a different chart archive". */
    static Comparison differentContent(String detail) {
      return new Comparison(State.DIFFERENT_CONTENT, detail);
    }
  }
}
