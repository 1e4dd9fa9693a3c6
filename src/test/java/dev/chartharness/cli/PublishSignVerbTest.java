package dev.chartharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.publish.Provenance;
import dev.chartharness.publish.ThrowawayKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("publish --sign --key NAME --keyring FILE --passphrase-file FILE|-: every package signed before anything is published")
class PublishSignVerbTest {

  @TempDir
  static Path keys;

  static ThrowawayKey key;

  @TempDir
  Path repository;

  @BeforeAll
  static void key() {
    key = ThrowawayKey.generate(keys.resolve("signer"), "Chart Harness CLI <cli@example.org>", "cli passphrase");
  }

  private record Run(int exit, String printed) {
  }

  private static Run publish(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream before = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
      int exit = Main.run(Stream.concat(Stream.of("publish"), Stream.of(args)).toList(), print, print);
      return new Run(exit, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setIn(before);
    }
  }

  private static List<Path> archives(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.toString().endsWith(".tgz")).toList();
    }
  }

  @Nested
  @DisplayName("valid")
  class Valid {

    @Test
    @DisplayName("with the passphrase in a file, every package in the repository gets a .prov that verifies")
    void passphraseFromFile() throws IOException {
      Run run = publish("", "--repo", repository.toString(), "--sign", "--key", "Chart Harness CLI", "--keyring",
          key.secretKeyring().toString(), "--passphrase-file", key.passphraseFile().toString());

      assertThat(run.exit()).as("exit; it printed:%n%s", run.printed()).isZero();
      assertThat(archives(repository)).isNotEmpty().allSatisfy(archive ->
          assertThat(Provenance.verify(archive, key.publicKeyring()).signer()).isEqualTo(key.userId()));
    }

    @Test
    @DisplayName("--passphrase-file - reads the passphrase from standard input")
    void passphraseFromStandardInput() throws IOException {
      Run run = publish(key.passphrase() + "\n", "--repo", repository.toString(), "--sign", "--key", "cli@example.org", "--keyring",
          key.armoredSecret().toString(), "--passphrase-file", "-");

      assertThat(run.exit()).as("exit; it printed:%n%s", run.printed()).isZero();
      assertThat(archives(repository)).isNotEmpty().allSatisfy(archive -> assertThat(Provenance.fileFor(archive)).isRegularFile());
    }
  }

  @Nested
  @DisplayName("invalid")
  class Invalid {

    @Test
    @DisplayName("a wrong passphrase fails naming keyring and key, and nothing is published")
    void wrongPassphrase() throws IOException {
      Path target = repository.resolve("charts");
      Run run = publish("not it\n", "--repo", target.toString(), "--sign", "--key", "Chart Harness CLI", "--keyring",
          key.secretKeyring().toString(), "--passphrase-file", "-");

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.printed()).contains("the passphrase does not unlock key \"" + key.userId() + "\"")
          .contains("in keyring " + key.secretKeyring());
      assertThat(target).doesNotExist();
    }

    @Test
    @DisplayName("a protected key without --passphrase-file fails saying how to give one, and nothing is published")
    void noPassphrase() {
      Path target = repository.resolve("charts");
      Run run = publish("", "--repo", target.toString(), "--sign", "--key", "Chart Harness CLI", "--keyring", key.secretKeyring().toString());

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.printed()).contains("is protected by a passphrase").contains("--passphrase-file FILE (- for standard input)");
      assertThat(target).doesNotExist();
    }
  }
}
