package dev.chartharness.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * A throwaway OpenPGP key made for a test: RSA 2048, one user id, sign and certify, optionally protected by a passphrase;
 * written as GnuPG 1's binary {@code secring.gpg} and {@code pubring.gpg} (the keyrings Helm reads) in a directory of
 * its own, and as ASCII-armored {@code secret.asc} and {@code public.asc}.
 */
public record ThrowawayKey(String userId, String passphrase, Path secretKeyring, Path publicKeyring, Path armoredSecret, Path armoredPublic) {

  /** A key for {@code userId} in {@code directory} (created), protected by {@code passphrase} unless it is null. */
  public static ThrowawayKey generate(Path directory, String userId, String passphrase) {
    try {
      RSAKeyPairGenerator rsa = new RSAKeyPairGenerator();
      rsa.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), new SecureRandom(), 2048, 80));
      PGPKeyPair pair = new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, rsa.generateKeyPair(), new Date());
      PGPSignatureSubpacketGenerator selfSignature = new PGPSignatureSubpacketGenerator();
      selfSignature.setKeyFlags(false, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
      selfSignature.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256});
      PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, userId,
          new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), selfSignature.generate(), null,
          new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA512),
          passphrase == null ? null : new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256,
              new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256), 0x60).build(passphrase.toCharArray()));
      PGPSecretKeyRing secret = rings.generateSecretKeyRing();
      PGPPublicKeyRing publicRing = rings.generatePublicKeyRing();
      Files.createDirectories(directory);
      ThrowawayKey key = new ThrowawayKey(userId, passphrase, directory.resolve("secring.gpg"), directory.resolve("pubring.gpg"),
          directory.resolve("secret.asc"), directory.resolve("public.asc"));
      try (OutputStream out = Files.newOutputStream(key.secretKeyring())) {
        secret.encode(out);
      }
      try (OutputStream out = Files.newOutputStream(key.publicKeyring())) {
        publicRing.encode(out);
      }
      try (OutputStream out = new ArmoredOutputStream(Files.newOutputStream(key.armoredSecret()))) {
        secret.encode(out);
      }
      try (OutputStream out = new ArmoredOutputStream(Files.newOutputStream(key.armoredPublic()))) {
        publicRing.encode(out);
      }
      return key;
    } catch (PGPException e) {
      throw new IllegalStateException("cannot generate a throwaway key for " + userId + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a throwaway key into " + directory + ": " + e.getMessage(), e);
    }
  }

  /** The passphrase as {@link SigningKey#fromKeyring} takes it; null for an unprotected key. */
  public char[] passphraseChars() {
    return passphrase == null ? null : passphrase.toCharArray();
  }

  /** The unlocked signing key. */
  public SigningKey signingKey() {
    return SigningKey.fromKeyring(secretKeyring, userId, passphraseChars());
  }

  /** A file holding the passphrase on one line, as {@code --passphrase-file} reads it. */
  public Path passphraseFile() {
    Path file = secretKeyring.resolveSibling("passphrase");
    try {
      Files.writeString(file, (passphrase == null ? "" : passphrase) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
