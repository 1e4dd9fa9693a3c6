package dev.chartharness.junit;

import dev.chartharness.cluster.ClusterSelection;
import dev.chartharness.cluster.EphemeralCluster;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/** The extension behind {@link WithEphemeralCluster}: one cluster per backend per run in the root store, one namespace per test. */
public final class EphemeralClusterExtension implements ExecutionCondition, ParameterResolver, AfterEachCallback {

  static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(EphemeralClusterExtension.class);
  /** The store key under which an {@link EachCluster} invocation names its backend. */
  static final String BACKEND = "backend";

  /** Settings read from the annotation once per class. */
  record Settings(String namespacePrefix, boolean keepNamespaces, boolean realPods, String cluster, java.util.List<java.nio.file.Path> images,
                  ClusterSelection invocationBackend) {
    static Settings of(ExtensionContext context) {
      WithEphemeralCluster annotation = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithEphemeralCluster.class)
          .orElseThrow(() -> new IllegalStateException(context.getRequiredTestClass() + " is not annotated @WithEphemeralCluster"));
      return new Settings(annotation.namespacePrefix(), annotation.keepNamespaces(), annotation.realPods(), annotation.cluster(),
          java.util.Arrays.stream(annotation.images()).map(java.nio.file.Path::of).toList(),
          context.getStore(STORE).get(BACKEND, ClusterSelection.class));
    }

    /** The backend these tests need: this {@link EachCluster} invocation's, the annotation's, else the run's selection (for real pods when asked). */
    ClusterSelection selection() {
      if (invocationBackend != null) {
        return invocationBackend;
      }
      ClusterSelection selection = cluster.isBlank() ? ClusterSelection.current() : ClusterSelection.parse(cluster);
      return realPods ? selection.forRealPods() : selection;
    }

    /** The cluster's key in the run: classes asking for the same backend and images share one. */
    String key() {
      return selection() + (images.isEmpty() ? "" : " " + images);
    }
  }

  /**
   * The run's cluster, or why it could not start (kept, so that every later test fails at once with
   * the same cause instead of trying again); closed when the root store closes at the end of the run.
   */
  record SharedCluster(EphemeralCluster cluster, Duration startTime, RuntimeException failure) implements AutoCloseable {
    EphemeralCluster get() {
      if (failure != null) {
        throw failure;
      }
      return cluster;
    }

    @Override
    public void close() {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    ClusterSelection selection = ClusterSelection.current();
    return selection.leavesClustersOut()
        ? ConditionEvaluationResult.disabled("the run asked to leave clusters out (" + ClusterSelection.PROPERTY + "=none)")
        : ConditionEvaluationResult.enabled("cluster " + selection);
  }

  /** The keys of the run's shared clusters started so far. */
  private static final java.util.Set<String> SHARED = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** How long the run's shared clusters took to start, by key (summed when one was stopped and started again). */
  private static final java.util.Map<String, Duration> STARTS = new java.util.concurrent.ConcurrentHashMap<>();

  /** How long each shared cluster of this run took to start, by backend (and images): where a run's time goes. */
  public static java.util.Map<String, Duration> clusterStartTimes() {
    return java.util.Map.copyOf(STARTS);
  }

  /** The run's cluster of the backend the test class needs, started on first use and shared by every class needing it. */
  public static EphemeralCluster cluster(ExtensionContext context) {
    Settings settings = Settings.of(context);
    ClusterSelection selection = settings.selection();
    return context.getRoot().getStore(STORE).getOrComputeIfAbsent(settings.key(), key -> {
      SHARED.add(key);
      Instant start = Instant.now();
      try {
        EphemeralCluster cluster = selection.newCluster(settings.images().isEmpty() ? null : settings.images()).start();
        STARTS.merge(key, Duration.between(start, Instant.now()), Duration::plus);
        return new SharedCluster(cluster, Duration.between(start, Instant.now()), null);
      } catch (RuntimeException e) {
        return new SharedCluster(null, Duration.between(start, Instant.now()), e);
      }
    }, SharedCluster.class).get();
  }

  /**
   * {@link #stopShared} before a class's tests, for {@code @RegisterExtension}: a class that starts a real-pods
   * cluster of its own (the machine has one) has the run's shared one make way.
   */
  public static org.junit.jupiter.api.extension.BeforeAllCallback stoppingShared(String backend) {
    return context -> stopShared(context, backend);
  }

  /**
   * Stops the run's shared clusters of {@code backend} now, for a test that needs what they hold (the machine's one
   * real node, for {@code real-pods}); a later class that asks for the backend starts a new one.
   */
  public static void stopShared(ExtensionContext context, String backend) {
    for (String key : java.util.List.copyOf(SHARED)) {
      if (key.equals(backend) || key.startsWith(backend + " ")) {
        SHARED.remove(key);
        SharedCluster shared = context.getRoot().getStore(STORE).remove(key, SharedCluster.class);
        if (shared != null) {
          shared.close();
        }
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return EphemeralCluster.class.isAssignableFrom(type) || (type == String.class && parameter.isAnnotated(TestNamespace.class));
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    EphemeralCluster cluster = cluster(context);
    if (EphemeralCluster.class.isAssignableFrom(parameter.getParameter().getType())) {
      return cluster;
    }
    return context.getStore(STORE).getOrComputeIfAbsent("namespace",
        key -> cluster.createNamespace(Settings.of(context).namespacePrefix()), String.class);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    String namespace = context.getStore(STORE).remove("namespace", String.class);
    if (namespace != null && !Settings.of(context).keepNamespaces()) {
      EphemeralCluster cluster = cluster(context);
      // Releases first: what they made outside the namespace (a StorageClass, say) must not outlive the test.
      uninstallReleases(cluster, namespace);
      cluster.client().namespaces().withName(namespace).delete();
    }
  }

  /**
   * Uninstalls every Helm release in {@code namespace} (as this extension does after each test, before it deletes the
   * namespace), for a test that must see its releases gone sooner; one that cannot be uninstalled is left to the
   * namespace's deletion.
   */
  public static void uninstallReleases(EphemeralCluster cluster, String namespace) {
    cluster.client().secrets().inNamespace(namespace).withLabel("owner", "helm").list().getItems().stream()
        .map(secret -> secret.getMetadata().getLabels().get("name")).filter(java.util.Objects::nonNull).distinct()
        .forEach(release -> {
          try {
            dev.chartharness.install.EmbeddedHelm.INSTANCE.uninstall(release, namespace, cluster.kubeconfig());
          } catch (RuntimeException alreadyGone) {
            // The namespace goes next either way.
          }
        });
  }
}
