package dev.chartharness.publish;

import static org.assertj.core.api.Assertions.fail;

import dev.chartharness.render.ProjectLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OCI registry (Debian's docker-registry, CNCF distribution) on a free loopback port,
 * started and stopped through ci/registry.sh. One that cannot start fails the test; it never skips.
 */
final class LocalRegistry implements AutoCloseable {

  private final ProjectLayout layout;
  private final Path state;
  private final int port;
  private final String startOutput;

  private LocalRegistry(ProjectLayout layout, Path state, int port) {
    this.layout = layout;
    this.state = state;
    this.port = port;
    this.startOutput = script(String.valueOf(port));
  }

  static LocalRegistry start(ProjectLayout layout) throws IOException {
    Path state = Files.createTempDirectory("chart-harness-registry");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return new LocalRegistry(layout, state, port);
  }

  int port() {
    return port;
  }

  /** {@code oci://127.0.0.1:PORT/PATH}. */
  URI uri(String path) {
    return URI.create("oci://127.0.0.1:" + port + "/" + path);
  }

  String startOutput() {
    return startOutput;
  }

  private String script(String... arguments) {
    Path script = layout.root().resolve("ci/registry.sh");
    ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of("bash", script.toString()), Stream.of(arguments)).toList())
        .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().put("CHART_HARNESS_CACHE", state.toString());
    try {
      Process process = builder.start();
      // Read before waiting so a chatty apt-get never blocks on a full pipe.
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        fail("ci/registry.sh " + String.join(" ", arguments) + " failed (exit "
            + (process.isAlive() ? "timeout" : process.exitValue()) + "); the OCI tests need a local registry:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script, e);
    }
  }

  @Override
  public void close() {
    script("stop", String.valueOf(port));
    try (Stream<Path> paths = Files.walk(state)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
