package dev.chartharness.publish;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** A chart repository directory served over HTTP on loopback by the JDK's own server: index.yaml and the archives. */
final class RepositoryServer implements AutoCloseable {

  private final HttpServer server;

  private RepositoryServer(HttpServer server) {
    this.server = server;
  }

  static RepositoryServer serve(Path directory) throws IOException {
    Path root = directory.toAbsolutePath().normalize();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
      if (file.startsWith(root) && Files.isRegularFile(file)) {
        byte[] body = Files.readAllBytes(file);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
      exchange.close();
    });
    server.start();
    return new RepositoryServer(server);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
