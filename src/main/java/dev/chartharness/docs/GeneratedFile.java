package dev.chartharness.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file that {@code docs} writes, and the text it should hold.
 *
 * @param path where the file is
 * @param content its text as generated
 */
public record GeneratedFile(Path path, String content) {

  /** True when the file exists and holds exactly the generated text. */
  public boolean isCurrent() {
    try {
      return Files.isRegularFile(path) && content.equals(Files.readString(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** Writes the generated text unless the file already holds it; returns true when the file changed. */
  public boolean write() {
    if (isCurrent()) {
      return false;
    }
    try {
      Files.writeString(path, content);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
