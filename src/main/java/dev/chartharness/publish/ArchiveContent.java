package dev.chartharness.publish;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * What a chart archive holds, independent of how it was packed: a SHA-256 over its files' sorted
 * paths and contents.
 *
 * <p>{@code helm package} stamps every tar header with the packing time, so two packages of the same
 * chart differ byte for byte; this digest does not. Nested chart archives ({@code charts/*.tgz}) count
 * by their own content digest, and {@code Chart.lock}'s {@code generated:} time is left out.
 */
public final class ArchiveContent {

  private static final int BLOCK = 512;
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
    MessageDigest digest = sha256();
    for (Map.Entry<String, byte[]> file : files(archive).entrySet()) {
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
      return HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
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

  /** The regular files of a gzipped tar (ustar, PAX and GNU long names), by path. */
  static Map<String, byte[]> files(byte[] archive) {
    Map<String, byte[]> files = new TreeMap<>();
    try (InputStream tar = new GZIPInputStream(new ByteArrayInputStream(archive))) {
      String longName = null;
      while (true) {
        byte[] header = tar.readNBytes(BLOCK);
        if (header.length < BLOCK || isZero(header)) {
          return files;
        }
        long size = number(header, 124, 12);
        char type = (char) header[156];
        byte[] data = tar.readNBytes(Math.toIntExact(size));
        tar.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
        if (data.length < size) {
          throw new IllegalArgumentException("truncated tar archive");
        }
        switch (type) {
          case 'x' -> longName = paxPath(data);
          case 'L' -> longName = text(data, 0, data.length);
          case '0', '\0' -> {
            files.put(longName != null ? longName : name(header), data);
            longName = null;
          }
          default -> longName = type == 'g' ? longName : null;
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not a gzipped tar archive: " + e.getMessage(), e);
    }
  }

  private static String name(byte[] header) {
    String name = text(header, 0, 100);
    boolean ustar = text(header, 257, 5).equals("ustar");
    String prefix = ustar ? text(header, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String paxPath(byte[] records) {
    String path = null;
    String all = new String(records, StandardCharsets.UTF_8);
    for (String record : all.split("\n")) {
      int space = record.indexOf(' ');
      if (space > 0 && record.startsWith("path=", space + 1)) {
        path = record.substring(space + 1 + "path=".length());
      }
    }
    return path;
  }

  private static long number(byte[] header, int offset, int length) {
    if ((header[offset] & 0x80) != 0) {
      // GNU base-256 for sizes beyond the octal field.
      long value = 0;
      for (int i = offset + 1; i < offset + length; i++) {
        value = (value << 8) | (header[i] & 0xff);
      }
      return value;
    }
    String octal = text(header, offset, length).strip();
    return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
  }

  private static String text(byte[] bytes, int offset, int length) {
    int end = offset;
    while (end < offset + length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
