package dev.chartharness.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;

/**
 * One Kubernetes object of a rendered release, with the template it came from.
 *
 * @param source the template path Helm reported ({@code journal/charts/frontend/templates/deployment.yaml});
 *     a chart's CRDs have their file under {@code crds/} ({@code app/crds/widgets.yaml})
 * @param resource the typed object
 * @param crd true for a file of a chart's {@code crds/} directory, which Helm applies before anything
 *     else and never templates
 */
public record RenderedObject(String source, HasMetadata resource, boolean crd) {

  /** An object rendered from a template. */
  public RenderedObject(String source, HasMetadata resource) {
    this(source, resource, false);
  }

  public String kind() {
    return resource.getKind();
  }

  public String name() {
    return resource.getMetadata().getName();
  }

  /** {@code kind/name}, or {@code kind/namespace/name} when the object names its namespace. */
  public String id() {
    String namespace = resource.getMetadata().getNamespace();
    return namespace == null ? kind() + "/" + name() : kind() + "/" + namespace + "/" + name();
  }

  /** The {@code helm.sh/hook} annotation, when the object is a Helm hook. */
  public Optional<String> hook() {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return Optional.ofNullable(annotations == null ? null : annotations.get("helm.sh/hook"));
  }

  @Override
  public String toString() {
    return id() + " (" + source + ")";
  }
}
