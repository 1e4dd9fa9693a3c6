package dev.chartharness.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 requests to an ingress controller with the Host header of an Ingress rule, the way a browser
 * resolving that name to the controller would send them. (The JDK's HttpClient refuses to set Host unless
 * the whole JVM is started with {@code -Djdk.httpclient.allowRestrictedHeaders=host}.) One connection per
 * request ({@code Connection: close}); bodies with Content-Length, chunked or until close.
 *
 * <pre>{@code
 * IngressHttp.Response created = IngressHttp.to(cluster.capabilities().ingressHttpBase(), "journal.localtest.me")
 *     .post("/api/entries", "application/json", "{\"text\":\"hello\"}");
 * }</pre>
 */
public final class IngressHttp {

  private static final int MAX_BODY = 16 * 1024 * 1024;

  private final URI base;
  private final String host;
  private final Duration timeout;

  private IngressHttp(URI base, String host, Duration timeout) {
    this.base = base;
    this.host = host;
    this.timeout = timeout;
  }

  /** Requests to the controller at {@code base} ({@code http://127.0.0.1:32080}) for the virtual host {@code host}. */
  public static IngressHttp to(String base, String host) {
    URI uri = URI.create(base);
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("ingress base must be http://HOST[:PORT], got " + base);
    }
    return new IngressHttp(uri, host, Duration.ofSeconds(10));
  }

  public IngressHttp withTimeout(Duration timeout) {
    return new IngressHttp(base, host, timeout);
  }

  /** A response: status, headers (lower-case names) and body as text. */
  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  public Response get(String path) throws IOException {
    return send("GET", path, null, null);
  }

  public Response post(String path, String contentType, String body) throws IOException {
    return send("POST", path, contentType, body);
  }

  public Response delete(String path) throws IOException {
    return send("DELETE", path, null, null);
  }

  /** Any method; {@code body} null for none. */
  public Response send(String method, String path, String contentType, String body) throws IOException {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with /: " + path);
    }
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    int port = base.getPort() < 0 ? 80 : base.getPort();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(base.getHost(), port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      StringBuilder head = new StringBuilder().append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
          .append("Host: ").append(host).append("\r\n")
          .append("Accept: application/json, */*\r\n")
          .append("User-Agent: chart-harness\r\n")
          .append("Connection: close\r\n");
      if (body != null) {
        head.append("Content-Type: ").append(contentType).append("\r\n").append("Content-Length: ").append(payload.length).append("\r\n");
      }
      head.append("\r\n");
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      request.write(payload);
      OutputStream out = socket.getOutputStream();
      out.write(request.toByteArray());
      out.flush();
      return read(socket.getInputStream());
    }
  }

  static Response read(InputStream in) throws IOException {
    String statusLine = line(in);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x response: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      if (colon > 0) {
        headers.merge(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
      }
    }
    byte[] body;
    if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
      ByteArrayOutputStream chunks = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line(in).split(";")[0].strip(), 16); size > 0; size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) {
        if (chunks.size() + size > MAX_BODY) {
          throw new IOException("response body larger than " + MAX_BODY + " bytes");
        }
        chunks.write(in.readNBytes(size));
        line(in);
      }
      body = chunks.toByteArray();
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes(Math.min(MAX_BODY, Integer.parseInt(headers.get("content-length"))));
    } else {
      body = in.readNBytes(MAX_BODY);
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        if (line.size() == 0) {
          throw new IOException("connection closed before a complete response");
        }
        break;
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }
}
