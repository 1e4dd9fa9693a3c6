package dev.chartharness.publish;

import dev.chartharness.publish.ProvenanceException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/**
 * An OpenPGP keyring file: binary, as Helm reads one (GnuPG 1's {@code secring.gpg} and {@code pubring.gpg}, or
 * {@code gpg --export} / {@code --export-secret-keys} output), or ASCII-armored. GnuPG 2's {@code pubring.kbx} is not
 * a keyring in this sense; the error says how to export one.
 */
final class OpenPgpKeyring {

  private OpenPgpKeyring() {
  }

  /** The secret key rings in {@code file}, in file order. */
  static List<PGPSecretKeyRing> secretRings(Path file) {
    return read(file).stream().filter(PGPSecretKeyRing.class::isInstance).map(PGPSecretKeyRing.class::cast).toList();
  }

  /** Every public key in {@code file} (primary keys and subkeys, of public and secret rings alike), by key id. */
  static Map<Long, PGPPublicKey> publicKeys(Path file) {
    Map<Long, PGPPublicKey> keys = new LinkedHashMap<>();
    for (Object ring : read(file)) {
      Iterator<PGPPublicKey> ringKeys = ring instanceof PGPPublicKeyRing publicRing ? publicRing.getPublicKeys()
          : ((PGPSecretKeyRing) ring).getPublicKeys();
      ringKeys.forEachRemaining(key -> keys.putIfAbsent(key.getKeyID(), key));
    }
    return keys;
  }

  private static List<Object> read(Path file) {
    List<Object> rings = new ArrayList<>();
    try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
      BcPGPObjectFactory objects = new BcPGPObjectFactory(in);
      for (Object object = objects.nextObject(); object != null; object = objects.nextObject()) {
        if (object instanceof PGPPublicKeyRing || object instanceof PGPSecretKeyRing) {
          rings.add(object);
        } else if (!(object instanceof PGPMarker)) {
          throw unreadable(file, "it holds a " + object.getClass().getSimpleName() + ", not keys", null);
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ProvenanceException(Problem.UNREADABLE_KEYRING, null, file, "keyring " + file + " does not exist", e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ProvenanceException provenance) {
        throw provenance;
      }
      throw unreadable(file, e.getMessage(), e);
    }
    if (rings.isEmpty()) {
      throw unreadable(file, "it holds no keys", null);
    }
    return rings;
  }

  private static ProvenanceException unreadable(Path file, String why, Exception cause) {
    return new ProvenanceException(Problem.UNREADABLE_KEYRING, null, file, "keyring " + file + " is not an OpenPGP keyring ("
        + why + "); give a binary or ASCII-armored one, e.g. gpg --export-secret-keys > secring.gpg (GnuPG 2's .kbx files"
        + " are not keyrings Helm reads)", cause);
  }
}
