package dev.chartharness.assertj;

import dev.chartharness.render.RenderedObject;
import dev.chartharness.render.RenderedRelease;
import dev.chartharness.render.Workload;
import dev.chartharness.validate.Policy;
import dev.chartharness.validate.RestrictedPodSecurity;
import dev.chartharness.validate.ValidateCommand;
import dev.chartharness.validate.ValidationReport;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/** Assertions over a whole rendered release, and navigation to its objects. */
public class ReleaseAssert extends AbstractAssert<ReleaseAssert, RenderedRelease> {

  /** Labels every object must carry (STYLE.md, recommended labels). */
  public static final List<String> RECOMMENDED_LABELS = List.of(
      "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component",
      "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by", "helm.sh/chart");

  public ReleaseAssert(RenderedRelease actual) {
    super(actual, ReleaseAssert.class);
  }

  public WorkloadAssert deployment(String name) {
    return new WorkloadAssert(actual.objectOf(object(Deployment.class, name)), actual);
  }

  public WorkloadAssert statefulSet(String name) {
    return new WorkloadAssert(actual.objectOf(object(StatefulSet.class, name)), actual);
  }

  public WorkloadAssert job(String name) {
    return new WorkloadAssert(actual.objectOf(object(Job.class, name)), actual);
  }

  public ServiceAssert service(String name) {
    return new ServiceAssert(object(Service.class, name));
  }

  public IngressAssert ingress(String name) {
    return new IngressAssert(object(Ingress.class, name), actual);
  }

  public ConfigMapAssert configMap(String name) {
    return new ConfigMapAssert(object(ConfigMap.class, name));
  }

  /** The one ConfigMap whose name starts with {@code prefix} (content-suffixed names). */
  public ConfigMapAssert configMapNamedLike(String prefix) {
    List<ConfigMap> matches = actual.all(ConfigMap.class).stream()
        .filter(configMap -> configMap.getMetadata().getName().startsWith(prefix)).toList();
    if (matches.size() != 1) {
      failWithMessage("Expecting exactly one ConfigMap named %s* in release %s but found %s", prefix, actual.name(), names(matches));
    }
    return new ConfigMapAssert(matches.get(0));
  }

  public SecretAssert secret(String name) {
    return new SecretAssert(object(Secret.class, name));
  }

  public PersistentVolumeClaimAssert persistentVolumeClaim(String name) {
    return new PersistentVolumeClaimAssert(object(PersistentVolumeClaim.class, name));
  }

  public ReleaseAssert hasObject(Class<? extends HasMetadata> type, String name) {
    object(type, name);
    return this;
  }

  public ReleaseAssert doesNotHaveObject(Class<? extends HasMetadata> type, String name) {
    if (actual.find(type, name).isPresent()) {
      failWithMessage("Expecting release %s not to have %s %s but it does", actual.name(), type.getSimpleName(), name);
    }
    return this;
  }

  public ReleaseAssert hasNoObjectsOfKind(Class<? extends HasMetadata> type) {
    List<? extends HasMetadata> found = actual.all(type);
    if (!found.isEmpty()) {
      failWithMessage("Expecting release %s to have no %s but found %s", actual.name(), type.getSimpleName(), names(found));
    }
    return this;
  }

  /** Validation with the default policy finds no error; the message lists every finding. */
  public ReleaseAssert hasNoErrors() {
    return hasNoErrors(Policy.defaults());
  }

  public ReleaseAssert hasNoErrors(Policy policy) {
    isNotNull();
    ValidationReport report = ValidateCommand.release(actual).withPolicy(policy).call();
    if (report.hasErrors()) {
      failWithMessage("Expecting release %s to validate without errors but found %d:%n  %s", actual.name(), report.errors().size(),
          report.findings().stream().map(Object::toString).collect(Collectors.joining("\n  ")));
    }
    return this;
  }

  /** Every pod template (init and app containers) meets the restricted Pod Security Standard. */
  public ReleaseAssert podsMeetRestrictedPodSecurity() {
    List<String> problems = new ArrayList<>();
    for (Workload workload : actual.workloads()) {
      RestrictedPodSecurity.violations(workload)
          .forEach(violation -> problems.add(workload.object().id() + " " + violation));
    }
    if (!problems.isEmpty()) {
      failWithMessage("Expecting every pod of release %s to meet the restricted Pod Security Standard but:%n  %s",
          actual.name(), String.join("\n  ", problems));
    }
    return this;
  }

  /** No pod mounts a service account token it does not need. */
  public ReleaseAssert podsDoNotMountServiceAccountTokens() {
    List<String> mounting = actual.workloads().stream()
        .filter(workload -> !Boolean.FALSE.equals(workload.template().getSpec().getAutomountServiceAccountToken()))
        .map(workload -> workload.object().id()).toList();
    if (!mounting.isEmpty()) {
      failWithMessage("Expecting every pod to set automountServiceAccountToken: false but these do not: %s", mounting);
    }
    return this;
  }

  /** Every object, and every pod template, carries the recommended labels. */
  public ReleaseAssert everyObjectHasRecommendedLabels() {
    List<String> problems = new ArrayList<>();
    for (RenderedObject object : actual.objects()) {
      Map<String, String> labels = Optional.ofNullable(object.resource().getMetadata().getLabels()).orElse(Map.of());
      List<String> missing = RECOMMENDED_LABELS.stream().filter(label -> !labels.containsKey(label)).toList();
      if (!missing.isEmpty()) {
        problems.add(object.id() + " lacks " + missing);
      }
    }
    if (!problems.isEmpty()) {
      failWithMessage("Expecting every object to carry the recommended labels but:%n  %s", String.join("\n  ", problems));
    }
    return this;
  }

  /** A PodDisruptionBudget selects the pods of the named workload. */
  public ReleaseAssert hasPodDisruptionBudgetFor(String workloadName) {
    Workload workload = workload(workloadName);
    Map<String, String> podLabels = workload.template().getMetadata().getLabels();
    boolean covered = actual.all(PodDisruptionBudget.class).stream().anyMatch(pdb -> pdb.getSpec().getSelector() != null
        && podLabels.entrySet().containsAll(Optional.ofNullable(pdb.getSpec().getSelector().getMatchLabels()).orElse(Map.of()).entrySet()));
    if (!covered) {
      failWithMessage("Expecting a PodDisruptionBudget selecting the pods of %s but the release has %s",
          workloadName, names(actual.all(PodDisruptionBudget.class)));
    }
    return this;
  }

  public ReleaseAssert hasNoPodDisruptionBudgetFor(String workloadName) {
    Workload workload = workload(workloadName);
    Map<String, String> podLabels = workload.template().getMetadata().getLabels();
    List<PodDisruptionBudget> covering = actual.all(PodDisruptionBudget.class).stream().filter(pdb -> pdb.getSpec().getSelector() != null
        && podLabels.entrySet().containsAll(Optional.ofNullable(pdb.getSpec().getSelector().getMatchLabels()).orElse(Map.of()).entrySet())).toList();
    if (!covering.isEmpty()) {
      failWithMessage("Expecting no PodDisruptionBudget for %s but found %s", workloadName, names(covering));
    }
    return this;
  }

  private Workload workload(String name) {
    return actual.workloads().stream().filter(workload -> workload.object().name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("Expecting release " + actual.name() + " to have a workload named " + name
            + " but it has " + actual.workloads().stream().map(w -> w.object().id()).toList()));
  }

  private <T extends HasMetadata> T object(Class<T> type, String name) {
    isNotNull();
    Optional<T> found = actual.find(type, name);
    if (found.isEmpty()) {
      failWithMessage("Expecting release %s to have %s %s but it has %s", actual.name(), type.getSimpleName(), name, names(actual.all(type)));
    }
    return found.get();
  }

  private static String names(List<? extends HasMetadata> objects) {
    return objects.stream().map(object -> object.getMetadata().getName()).collect(Collectors.joining(", ", "[", "]"));
  }
}
