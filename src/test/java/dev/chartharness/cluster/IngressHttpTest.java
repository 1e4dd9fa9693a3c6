package dev.chartharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("IngressHttp: requests with an Ingress rule's Host header")
class IngressHttpTest {

  private static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("reads a body by Content-Length, with headers by lower-case name")
  void contentLength() throws IOException {
    IngressHttp.Response response = IngressHttp.read(bytes("HTTP/1.1 201 Created\r\nContent-Length: 5\r\nX-Total-Count: 3\r\n\r\nhello, and more"));
    assertThat(response.status()).isEqualTo(201);
    assertThat(response.body()).isEqualTo("hello");
    assertThat(response.header("X-Total-Count")).isEqualTo("3");
  }

  @Test
  @DisplayName("reads a chunked body")
  void chunked() throws IOException {
    IngressHttp.Response response = IngressHttp.read(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n[{\"a\r\n4;ext=1\r\n\":1}\r\n1\r\n]\r\n0\r\n\r\n"));
    assertThat(response.body()).isEqualTo("[{\"a\":1}]");
  }

  @Test
  @DisplayName("refuses what is not an HTTP/1.x response")
  void notHttp() {
    assertThatThrownBy(() -> IngressHttp.read(bytes("SSH-2.0-OpenSSH\r\n"))).hasMessageContaining("not an HTTP/1.x response");
    assertThatThrownBy(() -> IngressHttp.read(bytes(""))).hasMessageContaining("closed before a complete response");
  }

  @Test
  @DisplayName("sends the virtual host, method, body and Connection: close to the controller's address")
  void sendsHostHeader() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
        try (Socket client = server.accept()) {
          // Everything up to the end of the 13-byte body, however the bytes arrive.
          StringBuilder request = new StringBuilder();
          InputStream in = client.getInputStream();
          while (!(request.indexOf("\r\n\r\n") > 0 && request.length() >= request.indexOf("\r\n\r\n") + 4 + 13)) {
            int b = in.read();
            if (b < 0) {
              break;
            }
            request.append((char) b);
          }
          client.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 19\r\n\r\n404 page not found\n".getBytes(StandardCharsets.UTF_8));
          return request.toString();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      IngressHttp.Response response = IngressHttp.to("http://127.0.0.1:" + server.getLocalPort(), "journal.localtest.me")
          .post("/api/entries", "application/json", "{\"text\":\"hi\"}");
      assertThat(response.status()).isEqualTo(404);
      assertThat(received.get()).startsWith("POST /api/entries HTTP/1.1\r\n").contains("Host: journal.localtest.me\r\n", "Connection: close\r\n",
          "Content-Length: 13\r\n").endsWith("\r\n\r\n{\"text\":\"hi\"}");
    }
  }

  @Test
  @DisplayName("needs an http:// base and an absolute path")
  void badArguments() {
    assertThatThrownBy(() -> IngressHttp.to("https://example.com", "a")).hasMessageContaining("http://HOST[:PORT]");
    assertThatThrownBy(() -> IngressHttp.to("http://127.0.0.1:1", "a").get("api")).hasMessageContaining("must start with /");
  }
}
