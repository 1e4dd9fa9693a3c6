package dev.chartharness.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.PushCommand;
import com.marcnuri.helm.RegistryCommand;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OCI registry holding charts under {@code oci://HOST[:PORT]/PATH/<name>:<version>}: pushes with the
 * embedded Helm, and reads what a tag already holds through the registry's HTTP API (distribution spec).
 */
final class OciRegistry implements ChartDestination {

  /** The media type of the layer that carries the chart's {@code .tgz} (Helm's OCI support). */
  static final String CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
  /** The media type of the layer that carries the chart's {@code .prov}: helm push adds it when one lies beside the archive. */
  static final String PROVENANCE_LAYER = "application/vnd.cncf.helm.chart.provenance.v1.prov";

  private static final String MANIFEST_TYPES = "application/vnd.oci.image.manifest.v1+json";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern CHALLENGE_PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI reference;
  private final String authority;
  private final String path;
  private final String username;
  private final String password;
  private final boolean plainHttp;
  private final HttpClient http;
  private boolean loggedIn;
  /** What {@link #compare} found: the tags (by {@link #where}) whose manifest has a provenance layer. */
  private final Set<String> signedTags = new HashSet<>();

  /** {@code reference} is {@code oci://HOST[:PORT][/PATH]}; credentials may be null for an open registry. */
  OciRegistry(URI reference, String username, String password, boolean plainHttp) {
    if (!"oci".equals(reference.getScheme()) || reference.getRawAuthority() == null) {
      throw new IllegalArgumentException("not an OCI registry reference (oci://HOST[:PORT]/PATH): " + reference);
    }
    this.reference = reference;
    this.authority = reference.getRawAuthority();
    this.path = reference.getRawPath() == null ? "" : reference.getRawPath().replaceAll("^/+|/+$", "");
    this.username = username;
    this.password = password;
    this.plainHttp = plainHttp;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  private String repository(String chart) {
    return path.isEmpty() ? chart : path + "/" + chart;
  }

  // OCI tags cannot hold '+', so Helm stores SemVer build metadata with '_' instead.
  private static String tag(String version) {
    return version.replace('+', '_');
  }

  @Override
  public String where(ChartArchive archive) {
    return "oci://" + authority + "/" + repository(archive.name()) + ":" + tag(archive.version());
  }

  @Override
  public Comparison compare(ChartArchive archive) {
    String repository = repository(archive.name());
    HttpResponse<byte[]> manifest = get(archive, repository, "manifests/" + tag(archive.version()), MANIFEST_TYPES);
    if (manifest.statusCode() == 404) {
      return Comparison.absent();
    }
    requireOk(archive, manifest);
    Map<String, String> layers = layers(archive, manifest.body());
    if (layers.containsKey(PROVENANCE_LAYER)) {
      signedTags.add(where(archive));
    }
    Optional<String> layer = Optional.ofNullable(layers.get(CHART_LAYER));
    if (layer.isEmpty()) {
      return Comparison.differentContent(where(archive) + " holds something that is not a Helm chart");
    }
    if (layer.get().equals("sha256:" + archive.digest())) {
      return Comparison.sameContent();
    }
    // Same chart packed at another time has other bytes: compare what the archives hold.
    HttpResponse<byte[]> blob = get(archive, repository, "blobs/" + layer.get(), "*/*");
    requireOk(archive, blob);
    return ArchiveContent.digest(blob.body()).equals(archive.contentDigest())
        ? Comparison.sameContent()
        : Comparison.differentContent(where(archive) + " holds different content (layer " + layer.get() + ")");
  }

  /** The manifest's layer digests by media type. */
  private static Map<String, String> layers(ChartArchive archive, byte[] manifest) {
    try {
      Map<String, String> layers = new HashMap<>();
      for (JsonNode layer : JSON.readTree(manifest).path("layers")) {
        layers.putIfAbsent(layer.path("mediaType").asText(), layer.path("digest").asText());
      }
      return layers;
    } catch (IOException e) {
      throw new PublishException(archive.name(), archive.version(), "the registry's manifest is not JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean holdsProvenance(ChartArchive archive) {
    return signedTags.contains(where(archive));
  }

  /** Pushes the archive; helm push takes the {@code .prov} beside it, when there is one, as the provenance layer. */
  @Override
  public void publish(ChartArchive archive) {
    try {
      if (username != null && !loggedIn) {
        RegistryCommand.LoginCommand login = Helm.registry().login().withHost(authority)
            .withUsername(username).withPassword(password);
        if (plainHttp) {
          login.plainHttp();
        }
        login.call();
        loggedIn = true;
      }
      PushCommand push = Helm.push().withChart(archive.file()).withRemote(URI.create("oci://" + authority + (path.isEmpty() ? "" : "/" + path)));
      if (plainHttp) {
        push.plainHttp();
      }
      push.call();
    } catch (IllegalStateException e) {
      throw new PublishException(archive.name(), archive.version(), "helm push to " + reference + " failed: " + e.getMessage(), e);
    }
  }

  private HttpResponse<byte[]> get(ChartArchive archive, String repository, String resource, String accept) {
    URI uri = URI.create((plainHttp ? "http" : "https") + "://" + authority + "/v2/" + repository + "/" + resource);
    HttpResponse<byte[]> response = send(archive, uri, accept, null);
    if (response.statusCode() == 401) {
      String authorization = authorization(archive, response.headers().firstValue("WWW-Authenticate").orElse(""));
      response = send(archive, uri, accept, authorization);
    }
    return response;
  }

  /** Answers the registry's challenge: Basic with the credentials, or Bearer with a token from its realm. */
  private String authorization(ChartArchive archive, String challenge) {
    if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
      if (username == null) {
        throw new PublishException(archive.name(), archive.version(), reference + " needs credentials (--username, --password-stdin)");
      }
      return basic();
    }
    if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
      throw new PublishException(archive.name(), archive.version(), reference + " answered 401 with an unknown challenge: " + challenge);
    }
    Map<String, String> parameters = new HashMap<>();
    Matcher matcher = CHALLENGE_PARAMETER.matcher(challenge);
    while (matcher.find()) {
      parameters.put(matcher.group(1), matcher.group(2));
    }
    StringBuilder tokenUri = new StringBuilder(parameters.getOrDefault("realm", ""));
    String separator = tokenUri.indexOf("?") < 0 ? "?" : "&";
    for (String key : new String[] {"service", "scope"}) {
      if (parameters.containsKey(key)) {
        tokenUri.append(separator).append(key).append('=').append(URLEncoder.encode(parameters.get(key), StandardCharsets.UTF_8));
        separator = "&";
      }
    }
    HttpResponse<byte[]> token = send(archive, URI.create(tokenUri.toString()), "application/json", username == null ? null : basic());
    requireOk(archive, token);
    try {
      JsonNode body = JSON.readTree(token.body());
      return "Bearer " + body.path(body.hasNonNull("token") ? "token" : "access_token").asText();
    } catch (IOException e) {
      throw new PublishException(archive.name(), archive.version(), "the registry's token service answered no JSON: " + e.getMessage(), e);
    }
  }

  private String basic() {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<byte[]> send(ChartArchive archive, URI uri, String accept, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", accept).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new PublishException(archive.name(), archive.version(), "cannot reach " + uri + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException(archive.name(), archive.version(), "interrupted while asking " + uri, e);
    }
  }

  private static void requireOk(ChartArchive archive, HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      String body = new String(response.body(), StandardCharsets.UTF_8).strip();
      throw new PublishException(archive.name(), archive.version(), "GET " + response.uri() + " answered HTTP "
          + response.statusCode() + (body.isEmpty() ? "" : ": " + body.substring(0, Math.min(300, body.length()))));
    }
  }
}
