package dev.chartharness.publish;

import dev.chartharness.publish.ProvenanceException.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * A secret key, unlocked, to sign charts with: found in a keyring file by name as {@code helm package --sign --key NAME
 * --keyring FILE} finds it (a user id equal to NAME, else the one user id that contains it), and unlocked with its
 * passphrase (none for an unprotected key). Like Helm, it signs with the key ring's primary key.
 *
 * <pre>{@code
 * SigningKey key = SigningKey.fromKeyring(Path.of("secring.gpg"), "Chart Harness", passphrase);
 * }</pre>
 */
public final class SigningKey {

  private final Path keyring;
  private final String userId;
  private final PGPPublicKey publicKey;
  private final PGPPrivateKey privateKey;

  private SigningKey(Path keyring, String userId, PGPPublicKey publicKey, PGPPrivateKey privateKey) {
    this.keyring = keyring;
    this.userId = userId;
    this.publicKey = publicKey;
    this.privateKey = privateKey;
  }

  /**
   * The key named {@code name} in {@code keyring}, unlocked with {@code passphrase} (null for none). Fails with
   * {@link ProvenanceException} naming keyring and key when the keyring is unreadable, no key or more than one matches,
   * or the passphrase is missing or wrong.
   */
  public static SigningKey fromKeyring(Path keyring, String name, char[] passphrase) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a signing key needs a name (--key) to find it in keyring " + keyring);
    }
    PGPSecretKeyRing ring = find(keyring, name);
    PGPSecretKey secret = ring.getSecretKey();
    List<String> ids = userIds(ring);
    String userId = ids.contains(name) ? name : ids.stream().filter(id -> id.contains(name)).findFirst().orElse(name);
    String described = "key \"" + userId + "\" (" + fingerprint(secret.getPublicKey()) + ") in keyring " + keyring;
    if (secret.isPrivateKeyEmpty()) {
      throw new ProvenanceException(Problem.KEY_NOT_FOUND, null, keyring, described + " has no secret part here (a stub, e.g. a key"
          + " on a smartcard); give a keyring that holds the secret key");
    }
    boolean protectedKey = secret.getKeyEncryptionAlgorithm() != 0;
    if (protectedKey && (passphrase == null || passphrase.length == 0)) {
      throw new ProvenanceException(Problem.PASSPHRASE_REQUIRED, null, keyring, described
          + " is protected by a passphrase; give it with --passphrase-file FILE (- for standard input)");
    }
    try {
      PGPPrivateKey privateKey = secret.extractPrivateKey(protectedKey
          ? new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(passphrase) : null);
      return new SigningKey(keyring, userId, secret.getPublicKey(), privateKey);
    } catch (PGPException e) {
      throw new ProvenanceException(Problem.WRONG_PASSPHRASE, null, keyring, "the passphrase does not unlock " + described
          + " (" + e.getMessage() + ")", e);
    }
  }

  /** Helm's rule: a user id equal to {@code name} wins; otherwise exactly one key must have a user id containing it. */
  private static PGPSecretKeyRing find(Path keyring, String name) {
    List<PGPSecretKeyRing> rings = OpenPgpKeyring.secretRings(keyring);
    List<PGPSecretKeyRing> containing = new ArrayList<>();
    List<String> known = new ArrayList<>();
    for (PGPSecretKeyRing ring : rings) {
      List<String> ids = userIds(ring);
      known.addAll(ids);
      if (ids.contains(name)) {
        return ring;
      }
      if (ids.stream().anyMatch(id -> id.contains(name))) {
        containing.add(ring);
      }
    }
    if (containing.size() == 1) {
      return containing.get(0);
    }
    if (containing.size() > 1) {
      throw new ProvenanceException(Problem.KEY_NOT_FOUND, null, keyring, "more than one key in keyring " + keyring
          + " has a user id containing \"" + name + "\": " + String.join(", ", containingIds(containing, name))
          + "; give --key a longer part of one of them");
    }
    throw new ProvenanceException(Problem.KEY_NOT_FOUND, null, keyring, "no secret key in keyring " + keyring
        + " has a user id containing \"" + name + "\"" + (rings.isEmpty() ? " (it holds public keys only)"
        : known.isEmpty() ? "" : "; its keys are " + String.join(", ", known)));
  }

  private static List<String> containingIds(List<PGPSecretKeyRing> rings, String name) {
    return rings.stream().flatMap(ring -> userIds(ring).stream().filter(id -> id.contains(name))).map(id -> "\"" + id + "\"").toList();
  }

  private static List<String> userIds(PGPSecretKeyRing ring) {
    List<String> ids = new ArrayList<>();
    ring.getPublicKey().getUserIDs().forEachRemaining(ids::add);
    return ids;
  }

  static String fingerprint(PGPPublicKey key) {
    return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
  }

  /** The keyring the key was read from. */
  public Path keyring() {
    return keyring;
  }

  /** The user id that matched, e.g. {@code Chart Harness <charts@example.org>}. */
  public String userId() {
    return userId;
  }

  /** The primary key's fingerprint, upper-case hex, as {@code helm verify} prints it. */
  public String fingerprint() {
    return fingerprint(publicKey);
  }

  PGPPublicKey publicKey() {
    return publicKey;
  }

  PGPPrivateKey privateKey() {
    return privateKey;
  }
}
