package dev.chartharness.cli;

import dev.chartharness.publish.PublishCommand;
import dev.chartharness.publish.PublishReport;
import dev.chartharness.render.ProjectLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code publish --repo DIR [--url BASE] [--oci oci://HOST/PATH] [--username U --password-stdin] [--plain-http] [REPOSITORY_DIR]}:
 * packages every chart, writes the repository index and/or pushes to the registry; one line per chart and destination,
 * exit 1 when a chart was refused.
 */
final class PublishVerb implements Subcommand {

  @Override
  public String synopsis() {
    return "publish [--repo DIR [--url BASE]] [--oci oci://HOST[:PORT]/PATH [--username U --password-stdin] [--plain-http]] [REPOSITORY_DIR]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments = Arguments.parse(args, Set.of("repo", "url", "oci", "username"), Set.of("password-stdin", "plain-http"));
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
    PublishCommand command = PublishCommand.charts(layout);
    arguments.option("repo").ifPresent(repo -> command.toRepository(Path.of(repo)));
    arguments.option("url").ifPresent(command::withUrl);
    arguments.option("oci").ifPresent(oci -> command.toOci(registry(oci)));
    if (arguments.option("username").isPresent()) {
      command.withCredentials(arguments.option("username").get(), passwordFromStdin());
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

  // Like helm registry login --password-stdin: the password never appears in the process list.
  private static String passwordFromStdin() {
    try {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        throw new UsageException("--password-stdin read no password");
      }
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the password from standard input: " + e.getMessage(), e);
    }
  }
}
