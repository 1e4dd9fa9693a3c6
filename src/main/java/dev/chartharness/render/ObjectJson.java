package dev.chartharness.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A typed object as the JSON the API server receives: what the parity, CRD and upgrade checks compare field by field. */
public final class ObjectJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ObjectJson() {
  }

  /** A fresh, mutable tree of {@code object}. */
  public static JsonNode tree(HasMetadata object) {
    try {
      return JSON.readTree(SERIALIZATION.asJson(object));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + object.getKind() + " " + object.getMetadata().getName() + " as JSON: " + e.getMessage(), e);
    }
  }
}
