package dev.chartharness.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A chart rendered for one release: its typed objects, in manifest order, and where they came from.
 *
 * @param name the release name
 * @param namespace the release namespace
 * @param chart the chart that was rendered
 * @param valuesFiles the values files applied, in order
 * @param setValues the {@code --set} values applied after them, in order
 * @param kubeVersion the Kubernetes version rendered for ({@code .Capabilities.KubeVersion}, e.g. {@code v1.36.3})
 * @param objects every object: the chart's CRDs first, then the manifest in Helm's order, then hooks
 * @param problems documents that are not Kubernetes objects (invalid YAML, no kind), each naming its template
 * @param manifest what {@code helm template} prints: the manifest, then the hooks
 * @param crdManifest the chart's {@code crds/} files, which {@code helm template --include-crds} prints first
 */
public record RenderedRelease(String name, String namespace, Chart chart, List<Path> valuesFiles, Map<String, Object> setValues, String kubeVersion,
                              List<RenderedObject> objects, List<RenderProblem> problems, String manifest, String crdManifest) {

  public RenderedRelease {
    valuesFiles = List.copyOf(valuesFiles);
    setValues = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(setValues));
    objects = List.copyOf(objects);
    problems = List.copyOf(problems);
  }

  /** Every object of the given type. */
  public <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().map(RenderedObject::resource).filter(type::isInstance).map(type::cast).toList();
  }

  /** The object of the given type and name, if the release has one. */
  public <T extends HasMetadata> Optional<T> find(Class<T> type, String objectName) {
    return all(type).stream().filter(object -> objectName.equals(object.getMetadata().getName())).findFirst();
  }

  /** The object of the given type and name; fails listing the names the release does have. */
  public <T extends HasMetadata> T get(Class<T> type, String objectName) {
    return find(type, objectName).orElseThrow(() -> new NoSuchElementException(
        "release " + name + " has no " + type.getSimpleName() + " named " + objectName + "; it has "
            + all(type).stream().map(object -> object.getMetadata().getName()).collect(Collectors.joining(", ", "[", "]"))));
  }

  /** The rendered object wrapping {@code resource}. */
  public RenderedObject objectOf(HasMetadata resource) {
    return objects.stream().filter(object -> object.resource() == resource).findFirst()
        .orElseThrow(() -> new NoSuchElementException(resource.getKind() + " " + resource.getMetadata().getName() + " is not part of release " + name));
  }

  /** Every object that runs pods, with its pod template. */
  public List<Workload> workloads() {
    return objects.stream().map(Workload::of).flatMap(Optional::stream).toList();
  }
}
