package dev.chartharness.render;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/** Reads a chart archive ({@code .tgz}): the gzipped tar Helm packs, without a dependency of its own. */
public final class TarArchive {

  private static final int BLOCK = 512;

  private TarArchive() {
  }

  /**
   * Unpacks {@code archive} below {@code target}; an entry that would land outside it ({@code ../}, an
   * absolute path) is refused naming the archive and entry.
   */
  public static void extract(Path archive, Path target) {
    Map<String, byte[]> files;
    try {
      files = files(Files.readAllBytes(archive));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read chart archive " + archive + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(archive + " is not a chart archive (a gzipped tar, as helm package writes): " + e.getMessage(), e);
    }
    Path root = target.toAbsolutePath().normalize();
    try {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path destination = root.resolve(file.getKey()).normalize();
        if (!destination.startsWith(root) || destination.equals(root)) {
          throw new IllegalArgumentException(archive + ": entry " + file.getKey() + " points outside the archive");
        }
        Files.createDirectories(destination.getParent());
        Files.write(destination, file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + archive + " into " + target + ": " + e.getMessage(), e);
    }
  }

  /** The regular files of a gzipped tar (ustar, PAX and GNU long names), by path. */
  public static Map<String, byte[]> files(byte[] archive) {
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

}
