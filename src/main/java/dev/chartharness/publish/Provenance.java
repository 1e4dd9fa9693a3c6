package dev.chartharness.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.chartharness.publish.ProvenanceException.Problem;
import dev.chartharness.render.TarArchive;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PacketFormat;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * A chart's provenance file, {@code <name>-<version>.tgz.prov}, as {@code helm package --sign} writes it and {@code helm
 * verify} checks it: a clear-signed OpenPGP message (SHA-512) whose text is the chart's {@code Chart.yaml} metadata as
 * Helm marshals it, a line {@code ...}, and {@code files: {<name>-<version>.tgz: sha256:<hex>}}.
 *
 * <pre>{@code
 * Path prov = Provenance.sign(archive, SigningKey.fromKeyring(secring, "Chart Harness", passphrase));
 * Provenance.Verification verified = Provenance.verify(archive, pubring);   // or ProvenanceException
 * }</pre>
 */
public final class Provenance {

  /** What Helm appends to a package's file name for its provenance file. */
  public static final String EXTENSION = ".prov";

  private static final String BEGIN_MESSAGE = "-----BEGIN PGP SIGNED MESSAGE-----";
  private static final String BEGIN_SIGNATURE = "-----BEGIN PGP SIGNATURE-----";
  private static final String END_SIGNATURE = "-----END PGP SIGNATURE-----";
  /** Helm's separator between the metadata and the digests: YAML's document end, since {@code ---} cannot open a clear-signed line. */
  private static final String METADATA_END = "\n...\n";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Provenance() {
  }

  /**
   * What a successful verification established.
   *
   * @param chart {@code NAME VERSION} from the package's {@code Chart.yaml}
   * @param archive the package verified
   * @param sha256 its digest, {@code sha256:<hex>}, as the {@code .prov} signs it
   * @param signer the signing key's user id
   * @param fingerprint the signing key's fingerprint (upper-case hex)
   */
  public record Verification(String chart, Path archive, String sha256, String signer, String fingerprint) {
  }

  /** {@code ARCHIVE.prov}, where Helm looks for an archive's provenance. */
  public static Path fileFor(Path archive) {
    return archive.resolveSibling(archive.getFileName() + EXTENSION);
  }

  /** Signs the package at {@code archive} and writes its {@code .prov} beside it; returns that file. */
  public static Path sign(Path archive, SigningKey key) {
    byte[] bytes = read(archive);
    Path prov = fileFor(archive);
    try {
      Files.writeString(prov, clearSign(messageBlock(chartYaml(archive, bytes), bytes, archive.getFileName().toString()), key));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + prov + ": " + e.getMessage(), e);
    }
    return prov;
  }

  /**
   * Checks the package at {@code archive} against its {@code .prov} as {@code helm verify --keyring KEYRING} does: the
   * signature against the public keys in {@code keyring} (binary or ASCII-armored; a secret keyring's public keys count),
   * then the package's SHA-256 against the one signed for its file name. Fails with {@link ProvenanceException} naming the
   * chart, the file and the problem.
   */
  public static Verification verify(Path archive, Path keyring) {
    if (Files.isDirectory(archive)) {
      throw new IllegalArgumentException("chart " + archive + " is a directory, which has no provenance to verify: only a package"
          + " (.tgz, its .prov beside it) can be verified, as in Helm");
    }
    byte[] bytes = read(archive);
    String chart = chartName(archive, bytes);
    Path prov = fileFor(archive);
    String text;
    try {
      text = Files.readString(prov, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ProvenanceException(Problem.MISSING_PROVENANCE, chart, archive, "no provenance file " + prov
          + " beside the package (verification was asked for; publish with --sign, or helm package --sign, writes one)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + prov + ": " + e.getMessage(), e);
    }
    ClearSigned signed = ClearSigned.decode(text).orElseThrow(() -> new ProvenanceException(Problem.MALFORMED_PROVENANCE, chart, prov,
        prov + " is not a clear-signed OpenPGP message (" + BEGIN_MESSAGE + " ... " + END_SIGNATURE + ")"));
    PGPSignature signature = signature(chart, prov, signed.armoredSignature());
    Map<Long, PGPPublicKey> keys = OpenPgpKeyring.publicKeys(keyring);
    PGPPublicKey signer = keys.get(issuer(signature));
    if (signer == null) {
      throw new ProvenanceException(Problem.UNKNOWN_SIGNER, chart, prov, prov.getFileName() + " is signed by key "
          + String.format("%016X", issuer(signature)) + ", which is not in keyring " + keyring + " (signed with another key, or the"
          + " wrong keyring)");
    }
    try {
      signature.init(new BcPGPContentVerifierBuilderProvider(), signer);
      signature.update(signed.signedBytes());
      if (!signature.verify()) {
        throw new ProvenanceException(Problem.BAD_SIGNATURE, chart, prov, "the signature in " + prov.getFileName() + " does not match its"
            + " text: the .prov was changed after signing");
      }
    } catch (PGPException e) {
      throw new ProvenanceException(Problem.BAD_SIGNATURE, chart, prov, "cannot check the signature in " + prov.getFileName() + ": "
          + e.getMessage(), e);
    }
    String fileName = archive.getFileName().toString();
    String signedDigest = signedDigests(chart, prov, signed.plaintext()).get(fileName);
    if (signedDigest == null) {
      throw new ProvenanceException(Problem.FILE_NOT_LISTED, chart, prov, prov.getFileName() + " signs no digest for a file named "
          + fileName + " (a renamed package, or the .prov of another chart)");
    }
    String digest = "sha256:" + ArchiveContent.bytesDigest(bytes);
    if (!digest.equals(signedDigest)) {
      throw new ProvenanceException(Problem.DIGEST_MISMATCH, chart, archive, "the package's digest " + digest + " is not the "
          + signedDigest + " that " + prov.getFileName() + " signs: the package was changed after it was signed");
    }
    return new Verification(chart, archive, digest, signer.getUserIDs().hasNext() ? signer.getUserIDs().next() : "",
        SigningKey.fingerprint(signer));
  }

  // --- the message: metadata, "...", digests ---

  /** Helm's message block: the metadata, {@code ...}, the archive's digest under its file name. */
  static String messageBlock(JsonNode chartYaml, byte[] archive, String fileName) {
    return GoYaml.marshal(helmMetadata(chartYaml)) + METADATA_END
        + GoYaml.marshal(Map.of("files", Map.of(fileName, "sha256:" + ArchiveContent.bytesDigest(archive))));
  }

  /**
   * {@code Chart.yaml} as Helm's chart Metadata type holds it: its known fields only, empty ones left out (Go's
   * {@code omitempty}), except a dependency's {@code name} and {@code repository}.
   */
  private static Map<String, Object> helmMetadata(JsonNode chart) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    for (String field : List.of("name", "home", "version", "description", "icon", "apiVersion", "condition", "tags", "appVersion",
        "kubeVersion", "type")) {
      putText(metadata, field, chart.path(field));
    }
    putTexts(metadata, "sources", chart.path("sources"));
    putTexts(metadata, "keywords", chart.path("keywords"));
    List<Object> maintainers = new ArrayList<>();
    for (JsonNode maintainer : chart.path("maintainers")) {
      Map<String, Object> entry = new LinkedHashMap<>();
      List.of("name", "email", "url").forEach(field -> putText(entry, field, maintainer.path(field)));
      maintainers.add(entry);
    }
    putList(metadata, "maintainers", maintainers);
    if (chart.path("deprecated").asBoolean(false)) {
      metadata.put("deprecated", true);
    }
    Map<String, Object> annotations = new LinkedHashMap<>();
    chart.path("annotations").fields().forEachRemaining(annotation -> annotations.put(annotation.getKey(), annotation.getValue().asText()));
    if (!annotations.isEmpty()) {
      metadata.put("annotations", annotations);
    }
    List<Object> dependencies = new ArrayList<>();
    for (JsonNode dependency : chart.path("dependencies")) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", dependency.path("name").asText(""));
      putText(entry, "version", dependency.path("version"));
      entry.put("repository", dependency.path("repository").asText(""));
      putText(entry, "condition", dependency.path("condition"));
      putTexts(entry, "tags", dependency.path("tags"));
      if (dependency.path("enabled").asBoolean(false)) {
        entry.put("enabled", true);
      }
      List<Object> importValues = new ArrayList<>();
      dependency.path("import-values").forEach(value -> importValues.add(plain(value)));
      putList(entry, "import-values", importValues);
      putText(entry, "alias", dependency.path("alias"));
      dependencies.add(entry);
    }
    putList(metadata, "dependencies", dependencies);
    return metadata;
  }

  private static void putText(Map<String, Object> map, String field, JsonNode value) {
    if (value.isValueNode() && !value.isNull() && !value.asText().isEmpty()) {
      map.put(field, value.asText());
    }
  }

  private static void putTexts(Map<String, Object> map, String field, JsonNode values) {
    List<Object> texts = new ArrayList<>();
    values.forEach(value -> texts.add(value.asText()));
    putList(map, field, texts);
  }

  private static void putList(Map<String, Object> map, String field, List<Object> values) {
    if (!values.isEmpty()) {
      map.put(field, values);
    }
  }

  /** A YAML value as maps, lists, strings, booleans and integers. */
  private static Object plain(JsonNode value) {
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      value.fields().forEachRemaining(field -> map.put(field.getKey(), plain(field.getValue())));
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(item -> list.add(plain(item)));
      return list;
    }
    return value.isBoolean() ? value.booleanValue() : value.isIntegralNumber() ? value.longValue() : value.asText();
  }

  /** The digests the message signs, by file name. */
  private static Map<String, String> signedDigests(String chart, Path prov, String plaintext) {
    int separator = plaintext.indexOf(METADATA_END);
    if (separator < 0) {
      throw new ProvenanceException(Problem.MALFORMED_PROVENANCE, chart, prov, prov.getFileName() + " signs no \"...\" line between"
          + " the chart's metadata and the files' digests");
    }
    JsonNode sums;
    try {
      String rest = plaintext.substring(separator + METADATA_END.length());
      int next = rest.indexOf(METADATA_END);
      sums = YAML.readTree(next < 0 ? rest : rest.substring(0, next));
    } catch (IOException e) {
      throw new ProvenanceException(Problem.MALFORMED_PROVENANCE, chart, prov, "the digests " + prov.getFileName() + " signs are not"
          + " YAML: " + e.getMessage(), e);
    }
    Map<String, String> digests = new LinkedHashMap<>();
    if (sums != null) {
      sums.path("files").fields().forEachRemaining(file -> digests.put(file.getKey(), file.getValue().asText()));
    }
    return digests;
  }

  // --- clear signing (RFC 4880 section 7, written as Helm's OpenPGP library writes it) ---

  static String clearSign(String message, SigningKey key) {
    StringBuilder text = new StringBuilder(BEGIN_MESSAGE).append("\nHash: SHA512\n\n");
    List<String> lines = lines(message);
    for (String line : lines) {
      text.append(line.startsWith("-") ? "- " : "").append(line).append('\n');
    }
    byte[] signed = ClearSigned.canonical(lines, message.endsWith("\n"));
    text.append('\n').append(BEGIN_SIGNATURE).append("\n\n");
    String base64 = Base64.getEncoder().encodeToString(signature(signed, key));
    for (int i = 0; i < base64.length(); i += 64) {
      text.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
    }
    return text.append(END_SIGNATURE).toString();
  }

  /** The message's lines, trailing blanks dropped (they are not signed), without the line break that ends the last. */
  private static List<String> lines(String message) {
    List<String> lines = new ArrayList<>(List.of(message.split("\n", -1)));
    if (message.endsWith("\n")) {
      lines.remove(lines.size() - 1);
    }
    return lines.stream().map(line -> line.replaceFirst("[ \t\r]+$", "")).toList();
  }

  private static byte[] signature(byte[] signed, SigningKey key) {
    PGPPublicKey publicKey = key.publicKey();
    try {
      PGPSignatureGenerator generator = new PGPSignatureGenerator(
          new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA512), publicKey);
      generator.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, key.privateKey());
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setSignatureCreationTime(false, new Date());
      hashed.setIssuerFingerprint(false, publicKey);
      generator.setHashedSubpackets(hashed.generate());
      PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
      unhashed.setIssuerKeyID(false, publicKey.getKeyID());
      generator.setUnhashedSubpackets(unhashed.generate());
      generator.update(signed);
      ByteArrayOutputStream packet = new ByteArrayOutputStream();
      try (BCPGOutputStream out = new BCPGOutputStream(packet, PacketFormat.CURRENT)) {
        generator.generate().encode(out);
      }
      return packet.toByteArray();
    } catch (PGPException | IOException e) {
      throw new IllegalStateException("cannot sign with key \"" + key.userId() + "\" from " + key.keyring() + ": " + e.getMessage(), e);
    }
  }

  /** The signing key's id: the issuer subpacket, else the low 64 bits of the issuer fingerprint. */
  private static long issuer(PGPSignature signature) {
    if (signature.getKeyID() != 0 || signature.getHashedSubPackets() == null || signature.getHashedSubPackets().getIssuerFingerprint() == null) {
      return signature.getKeyID();
    }
    byte[] fingerprint = signature.getHashedSubPackets().getIssuerFingerprint().getFingerprint();
    return ByteBuffer.wrap(fingerprint, fingerprint.length - 8, 8).getLong();
  }

  private static PGPSignature signature(String chart, Path prov, String armored) {
    try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
      Object object = new BcPGPObjectFactory(in).nextObject();
      if (object instanceof PGPSignatureList signatures && !signatures.isEmpty()) {
        return signatures.get(0);
      }
      throw new IOException("it holds " + (object == null ? "nothing" : "a " + object.getClass().getSimpleName()));
    } catch (IOException e) {
      throw new ProvenanceException(Problem.MALFORMED_PROVENANCE, chart, prov, "the signature block of " + prov.getFileName()
          + " is not an OpenPGP signature: " + e.getMessage(), e);
    }
  }

  /** A clear-signed message taken apart as Helm's OpenPGP library does. */
  private record ClearSigned(String plaintext, byte[] signedBytes, String armoredSignature) {

    static Optional<ClearSigned> decode(String text) {
      int start = text.startsWith(BEGIN_MESSAGE) ? 0 : text.indexOf("\n" + BEGIN_MESSAGE) + 1;
      List<String> all = List.of(text.substring(start).split("\r?\n", -1));
      if (!all.get(0).equals(BEGIN_MESSAGE)) {
        return Optional.empty();
      }
      int i = 1;
      while (i < all.size() && !all.get(i).isBlank()) {
        if (!all.get(i).startsWith("Hash:")) {
          return Optional.empty();
        }
        i++;
      }
      List<String> lines = new ArrayList<>();
      for (i++; i < all.size() && !all.get(i).equals(BEGIN_SIGNATURE); i++) {
        String line = all.get(i).startsWith("- ") ? all.get(i).substring(2) : all.get(i);
        lines.add(line.replaceFirst("[ \t]+$", ""));
      }
      if (i >= all.size()) {
        return Optional.empty();
      }
      String armored = String.join("\n", all.subList(i, all.size()));
      if (!armored.contains(END_SIGNATURE)) {
        return Optional.empty();
      }
      return Optional.of(new ClearSigned(String.join("\n", lines), canonical(lines, false), armored));
    }

    /** The signed text: lines joined with CR LF (and one after the last when the message ended with a line break). */
    static byte[] canonical(List<String> lines, boolean finalLineBreak) {
      return (String.join("\r\n", lines) + (finalLineBreak ? "\r\n" : "")).getBytes(StandardCharsets.UTF_8);
    }
  }

  // --- the package ---

  private static byte[] read(Path archive) {
    try {
      return Files.readAllBytes(archive);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read chart package " + archive + ": " + e.getMessage(), e);
    }
  }

  /** The package's own {@code Chart.yaml} (the one at the top of the archive). */
  private static JsonNode chartYaml(Path archive, byte[] bytes) {
    Map<String, byte[]> files;
    try {
      files = TarArchive.files(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(archive + " is not a chart package (a gzipped tar, as helm package writes): " + e.getMessage(), e);
    }
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      if (file.getKey().matches("[^/]+/Chart\\.yaml")) {
        try {
          return YAML.readTree(file.getValue());
        } catch (IOException e) {
          throw new IllegalArgumentException(archive + ": " + file.getKey() + " is not YAML: " + e.getMessage(), e);
        }
      }
    }
    throw new IllegalArgumentException(archive + " is not a chart package: it has no <chart>/Chart.yaml");
  }

  /** {@code NAME VERSION} of the package for messages; its file name when its Chart.yaml cannot be read. */
  private static String chartName(Path archive, byte[] bytes) {
    try {
      JsonNode chart = chartYaml(archive, bytes);
      return chart.path("name").asText("?") + " " + chart.path("version").asText("?");
    } catch (IllegalArgumentException e) {
      return archive.getFileName().toString().replaceFirst("\\.tgz$", "");
    }
  }

}
