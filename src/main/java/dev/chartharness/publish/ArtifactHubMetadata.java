package dev.chartharness.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Artifact Hub's repository metadata ({@code artifacthub-repo.yml}): the owners who may claim the repository, taken
 * from the charts' maintainers. A chart repository keeps it beside {@code index.yaml}; an OCI registry under the
 * {@value #OCI_TAG} tag of each chart's repository, as Artifact Hub reads it from there.
 */
final class ArtifactHubMetadata {

  /** The file's name in a chart repository, and the layer's title in OCI. */
  static final String FILE = "artifacthub-repo.yml";
  /** The tag of an OCI repository under which Artifact Hub looks for the metadata. */
  static final String OCI_TAG = "artifacthub.io";
  /** The config media type of the metadata artifact (an empty config). */
  static final String OCI_CONFIG = "application/vnd.cncf.artifacthub.config.v1+yaml";
  /** The media type of the layer that carries the file. */
  static final String OCI_LAYER = "application/vnd.cncf.artifacthub.repository-metadata.layer.v1.yaml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ArtifactHubMetadata() {
  }

  /** The file naming every maintainer in {@code maintainerLists} (each a Chart.yaml {@code maintainers} list) once, by name. */
  static String owners(List<JsonNode> maintainerLists) {
    Map<String, String> owners = new TreeMap<>();
    for (JsonNode maintainers : maintainerLists) {
      for (JsonNode maintainer : maintainers) {
        owners.putIfAbsent(maintainer.path("name").asText(), maintainer.path("email").asText(""));
      }
    }
    List<Map<String, String>> ownerList = new ArrayList<>();
    owners.forEach((name, email) -> {
      Map<String, String> owner = new LinkedHashMap<>();
      owner.put("name", name);
      if (!email.isBlank()) {
        owner.put("email", email);
      }
      ownerList.add(owner);
    });
    try {
      return "# Artifact Hub repository metadata, written by chart-harness publish; edit it freely (add repositoryID):\n"
          + "# publish never overwrites it.\n" + YAML.writeValueAsString(Map.of("owners", ownerList)).replaceFirst("^---\n", "");
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
