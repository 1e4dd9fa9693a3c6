package dev.chartharness.cli;

import dev.chartharness.publish.PublishCommand;
import dev.chartharness.publish.PublishReport;
import dev.chartharness.publish.SigningKey;
import dev.chartharness.render.ProjectLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code publish --repo DIR [--url BASE] [--oci oci://HOST/PATH] [--username U --password-stdin] [--plain-http]
 * [--sign --key NAME --keyring FILE [--passphrase-file FILE|-]] [REPOSITORY_DIR]}: packages every chart (signing each, as
 * {@code helm package --sign} does, before anything is published), writes the repository index and/or pushes to the
 * registry; one line per chart and destination, exit 1 when a chart was refused or the key cannot sign.
 */
final class PublishVerb implements Subcommand {

  @Override
  public String synopsis() {
    return "publish [--repo DIR [--url BASE]] [--oci oci://HOST[:PORT]/PATH [--username U --password-stdin] [--plain-http]]"
        + " [--sign --key NAME --keyring FILE [--passphrase-file FILE|-]] [REPOSITORY_DIR]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments = Arguments.parse(args, Set.of("repo", "url", "oci", "username", "key", "keyring", "passphrase-file"),
        Set.of("password-stdin", "plain-http", "sign"));
    ProjectLayout layout = new ProjectLayout(Path.of(arguments.positional().isEmpty() ? "." : arguments.positional().get(0)));
    if (arguments.option("repo").isEmpty() && arguments.option("oci").isEmpty()) {
      throw new UsageException("give --repo DIR, --oci oci://HOST/PATH or both");
    }
    if (arguments.option("url").isPresent() && arguments.option("repo").isEmpty()) {
      throw new UsageException("--url needs --repo");
    }
    if (arguments.option("username").isPresent() != arguments.flag("password-stdin")) {
      throw new UsageException("--username and --password-stdin go together");
    }
    boolean sign = arguments.flag("sign");
    for (String option : List.of("key", "keyring", "passphrase-file")) {
      if (!sign && arguments.option(option).isPresent()) {
        throw new UsageException("--" + option + " needs --sign");
      }
      if (sign && !option.equals("passphrase-file") && arguments.option(option).isEmpty()) {
        throw new UsageException("--sign needs --key NAME and --keyring FILE (a secret keyring, binary or ASCII-armored)");
      }
    }
    if (arguments.flag("password-stdin") && arguments.option("passphrase-file").filter("-"::equals).isPresent()) {
      throw new UsageException("--password-stdin and --passphrase-file - cannot both read standard input; give the passphrase in a file");
    }
    // The key is unlocked first: a missing key or a wrong passphrase fails before anything is packaged or written.
    SigningKey key = sign ? SigningKey.fromKeyring(Path.of(arguments.option("keyring").get()), arguments.option("key").get(),
        arguments.option("passphrase-file").map(PublishVerb::passphrase).orElse(null)) : null;
    PublishCommand command = PublishCommand.charts(layout);
    arguments.option("repo").ifPresent(repo -> command.toRepository(Path.of(repo)));
    arguments.option("url").ifPresent(command::withUrl);
    arguments.option("oci").ifPresent(oci -> command.toOci(registry(oci)));
    if (arguments.option("username").isPresent()) {
      String password = firstLine(System.in, "--password-stdin", "password");
      if (password.isEmpty()) {
        throw new UsageException("--password-stdin read no password");
      }
      command.withCredentials(arguments.option("username").get(), password);
    }
    if (key != null) {
      command.signedWith(key);
    }
    if (arguments.flag("plain-http")) {
      command.plainHttp();
    }
    PublishReport report = command.call();
    report.publications().forEach(out::println);
    return report.hasRefusals() ? 1 : 0;
  }

  /** {@code oci://HOST[:PORT]/PATH}; anything else is a usage error naming --oci and what is wrong. */
  static URI registry(String reference) {
    String usage = "--oci takes oci://HOST[:PORT]/PATH, got \"" + reference + "\"";
    if (!reference.startsWith("oci://")) {
      throw new UsageException(usage);
    }
    URI uri;
    try {
      uri = new URI(reference);
    } catch (java.net.URISyntaxException e) {
      throw new UsageException(usage + ": " + e.getReason());
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new UsageException(usage + ": no host" + (uri.getAuthority() != null && uri.getAuthority().contains(":") ? " (or a port out of range)" : ""));
    }
    if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
      throw new UsageException(usage + ": port " + uri.getPort() + " is out of range (1-65535)");
    }
    if (uri.getPath() == null || uri.getPath().replace("/", "").isEmpty()) {
      throw new UsageException(usage + ": no PATH after the host (the repository the charts go under, e.g. /charts)");
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new UsageException(usage + ": no query or fragment");
    }
    return uri;
  }

  /** The first line of {@code --passphrase-file FILE} ({@code -}: standard input), as Helm reads it; empty for none. */
  private static char[] passphrase(String file) {
    if (file.equals("-")) {
      if (System.console() != null) {
        // As Helm: a passphrase on standard input is piped in, never typed where it shows.
        throw new UsageException("--passphrase-file - reads standard input, which is a terminal here; pipe the passphrase in or give a file");
      }
      return firstLine(System.in, "--passphrase-file -", "passphrase").toCharArray();
    }
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      return firstLine(in, "--passphrase-file " + file, "passphrase").toCharArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the passphrase file " + file + " (--passphrase-file): " + e, e);
    }
  }

  // Like helm registry login --password-stdin and helm package --passphrase-file: the secret never appears in the process list.
  private static String firstLine(InputStream in, String option, String what) {
    try {
      String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      return line == null ? "" : line;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the " + what + " (" + option + "): " + e.getMessage(), e);
    }
  }
}
