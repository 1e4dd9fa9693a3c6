package dev.chartharness.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.PushCommand;
import com.marcnuri.helm.RegistryCommand;
import dev.chartharness.base.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OCI registry holding charts under {@code oci://HOST[:PORT]/PATH/<name>:<version>}: pushes with the
 * embedded Helm, and reads what a tag already holds through the registry's HTTP API (distribution spec), through which
 * it also pushes each chart repository's Artifact Hub metadata.
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
  /** Every chart repository {@link #compare} was asked about, with one of its archives: {@link #finish} gives each its Artifact Hub metadata. */
  private final Map<String, ChartArchive> repositories = new LinkedHashMap<>();

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
    repositories.putIfAbsent(repository, archive);
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

  /**
   * Gives every chart repository without one the Artifact Hub metadata ({@value ArtifactHubMetadata#FILE} naming the
   * chart's maintainers) under the {@value ArtifactHubMetadata#OCI_TAG} tag; metadata already there, an owner's own
   * with its repositoryID, is left as it is.
   */
  @Override
  public void finish() {
    repositories.forEach((repository, archive) -> {
      HttpResponse<byte[]> existing = get(archive, repository, "manifests/" + ArtifactHubMetadata.OCI_TAG, MANIFEST_TYPES);
      if (existing.statusCode() == 404) {
        byte[] file = ArtifactHubMetadata.owners(List.of(archive.chartYaml().path("maintainers"))).getBytes(StandardCharsets.UTF_8);
        pushArtifactHubMetadata(archive, repository, file);
      } else {
        requireOk(archive, existing);
      }
    });
  }

  /** Pushes {@code file} as {@code repository}'s Artifact Hub metadata, the artifact {@code oras push} would make of it. */
  void pushArtifactHubMetadata(ChartArchive archive, String repository, byte[] file) {
    byte[] config = new byte[0];
    ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MANIFEST_TYPES);
    manifest.set("config", descriptor(ArtifactHubMetadata.OCI_CONFIG, uploadBlob(archive, repository, config), config.length));
    ObjectNode layer = descriptor(ArtifactHubMetadata.OCI_LAYER, uploadBlob(archive, repository, file), file.length);
    layer.putObject("annotations").put("org.opencontainers.image.title", ArtifactHubMetadata.FILE);
    manifest.putArray("layers").add(layer);
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HttpResponse<byte[]> put = request(archive, "PUT", uri(repository, "manifests/" + ArtifactHubMetadata.OCI_TAG), MANIFEST_TYPES, MANIFEST_TYPES, body);
    requireStatus(archive, put, 201);
  }

  private static ObjectNode descriptor(String mediaType, String digest, long size) {
    return JSON.createObjectNode().put("mediaType", mediaType).put("digest", digest).put("size", size);
  }

  /** Uploads {@code content} as a blob of {@code repository} unless it holds it already (a monolithic upload); answers its digest. */
  private String uploadBlob(ChartArchive archive, String repository, byte[] content) {
    String digest = "sha256:" + Digests.sha256Hex(content);
    if (request(archive, "HEAD", uri(repository, "blobs/" + digest), "*/*", null, null).statusCode() == 200) {
      return digest;
    }
    HttpResponse<byte[]> started = request(archive, "POST", uri(repository, "blobs/uploads/"), "*/*", null, new byte[0]);
    requireStatus(archive, started, 202);
    String location = started.headers().firstValue("Location").orElseThrow(() -> new PublishException(archive.name(), archive.version(),
        "POST " + started.uri() + " answered 202 without a Location for the upload"));
    URI upload = started.uri().resolve(location);
    URI complete = URI.create(upload + (upload.getRawQuery() == null ? "?" : "&") + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
    requireStatus(archive, request(archive, "PUT", complete, "*/*", "application/octet-stream", content), 201);
    return digest;
  }


  private URI uri(String repository, String resource) {
    return URI.create((plainHttp ? "http" : "https") + "://" + authority + "/v2/" + repository + "/" + resource);
  }

  private HttpResponse<byte[]> get(ChartArchive archive, String repository, String resource, String accept) {
    return request(archive, "GET", uri(repository, resource), accept, null, null);
  }

  /** Sends a request, answering the registry's challenge and sending it again when it says 401. */
  private HttpResponse<byte[]> request(ChartArchive archive, String method, URI uri, String accept, String contentType, byte[] body) {
    HttpResponse<byte[]> response = send(archive, method, uri, accept, contentType, body, null);
    if (response.statusCode() == 401) {
      String authorization = authorization(archive, response.headers().firstValue("WWW-Authenticate").orElse(""));
      response = send(archive, method, uri, accept, contentType, body, authorization);
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
    HttpResponse<byte[]> token = send(archive, "GET", URI.create(tokenUri.toString()), "application/json", null, null,
        username == null ? null : basic());
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

  private HttpResponse<byte[]> send(ChartArchive archive, String method, URI uri, String accept, String contentType, byte[] body,
                                    String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", accept)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
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
    requireStatus(archive, response, 200);
  }

  private static void requireStatus(ChartArchive archive, HttpResponse<byte[]> response, int expected) {
    if (response.statusCode() != expected) {
      String body = new String(response.body(), StandardCharsets.UTF_8).strip();
      throw new PublishException(archive.name(), archive.version(), response.request().method() + " " + response.uri() + " answered HTTP "
          + response.statusCode() + (body.isEmpty() ? "" : ": " + body.substring(0, Math.min(300, body.length()))));
    }
  }
}
