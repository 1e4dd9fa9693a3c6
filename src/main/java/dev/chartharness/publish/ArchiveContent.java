package dev.chartharness.publish;

import dev.chartharness.base.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import dev.chartharness.render.TarArchive;

/**
 * What a chart archive holds, independent of how it was packed: a SHA-256 over its files' sorted
 * paths and contents.
 *
 * <p>{@code helm package} stamps every tar header with the packing time, so two packages of the same
 * chart differ byte for byte; this digest does not. Nested chart archives ({@code charts/*.tgz}) count
 * by their own content digest, and {@code Chart.lock}'s {@code generated:} time is left out.
 */
public final class ArchiveContent {

  private static final Pattern LOCK_GENERATED = Pattern.compile("(?m)^generated:.*(\\R|$)");

  private ArchiveContent() {
  }

  /** The content digest of a {@code .tgz}, as lowercase hex. */
  public static String digest(Path archive) {
    try {
      return digest(Files.readAllBytes(archive));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read chart archive " + archive + ": " + e.getMessage(), e);
    }
  }

  /** The content digest of {@code .tgz} bytes, as lowercase hex. */
  public static String digest(byte[] archive) {
    MessageDigest digest = Digests.sha256();
    for (Map.Entry<String, byte[]> file : TarArchive.files(archive).entrySet()) {
      byte[] path = file.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] content = normalized(file.getKey(), file.getValue());
      // Length-prefixed so that no two different file sets hash the same bytes.
      digest.update((path.length + ":").getBytes(StandardCharsets.UTF_8));
      digest.update(path);
      digest.update((content.length + ":").getBytes(StandardCharsets.UTF_8));
      digest.update(content);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** SHA-256 of the file's bytes, as lowercase hex: the {@code digest} of a repository index entry. */
  public static String fileDigest(Path file) {
    try {
      return bytesDigest(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** SHA-256 of {@code bytes}, as lowercase hex. */
  static String bytesDigest(byte[] bytes) {
    return Digests.sha256Hex(bytes);
  }

  private static byte[] normalized(String path, byte[] content) {
    if (path.endsWith(".tgz")) {
      return digest(content).getBytes(StandardCharsets.US_ASCII);
    }
    if (path.endsWith("/Chart.lock") || path.equals("Chart.lock")) {
      return LOCK_GENERATED.matcher(new String(content, StandardCharsets.UTF_8)).replaceAll("").getBytes(StandardCharsets.UTF_8);
    }
    return content;
  }

}
