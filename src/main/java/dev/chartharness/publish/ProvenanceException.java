package dev.chartharness.publish;

import java.nio.file.Path;

/**
 * A chart's provenance could not be made or does not hold: the signing key is missing, ambiguous or locked, or a
 * package's {@code .prov} is missing, malformed, signed by a key the keyring lacks, or signs other content. The message
 * names the chart (when there is one), the file and the problem.
 */
public class ProvenanceException extends RuntimeException {

  /** What went wrong. */
  public enum Problem {
    /** The keyring file cannot be read as an OpenPGP keyring (binary or ASCII-armored). */
    UNREADABLE_KEYRING,
    /** No key in the keyring has a user id that matches the key name (or more than one does). */
    KEY_NOT_FOUND,
    /** The secret key is protected and no passphrase was given. */
    PASSPHRASE_REQUIRED,
    /** The passphrase does not unlock the secret key. */
    WRONG_PASSPHRASE,
    /** There is no {@code .prov} beside the package. */
    MISSING_PROVENANCE,
    /** The {@code .prov} is not a clear-signed Helm provenance message. */
    MALFORMED_PROVENANCE,
    /** The signing key is not in the keyring verified against. */
    UNKNOWN_SIGNER,
    /** The signature does not match the signed text. */
    BAD_SIGNATURE,
    /** The {@code .prov} lists no digest for the package's file name. */
    FILE_NOT_LISTED,
    /** The package's SHA-256 differs from the one the {@code .prov} signs: the package changed after signing. */
    DIGEST_MISMATCH
  }

  private final Problem problem;
  private final String chart;
  private final Path file;

  ProvenanceException(Problem problem, String chart, Path file, String message) {
    this(problem, chart, file, message, null);
  }

  ProvenanceException(Problem problem, String chart, Path file, String message, Throwable cause) {
    super((chart == null ? "" : "chart " + chart + " (" + file + "): ") + message, cause);
    this.problem = problem;
    this.chart = chart;
    this.file = file;
  }

  public Problem problem() {
    return problem;
  }

  /** {@code NAME VERSION} of the chart concerned, or null for a problem with a signing key. */
  public String chart() {
    return chart;
  }

  /** The package, its {@code .prov} or the keyring the problem is in. */
  public Path file() {
    return file;
  }
}
