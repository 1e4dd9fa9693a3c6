package dev.chartharness.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class an ephemeral cluster (the one {@code -Dharness.cluster} selects, shared by every
 * class of the run and removed at its end) and each test a throwaway namespace that enforces the
 * restricted Pod Security Standard ({@link #realPods()} asks for real containers). Parameters of type {@code EphemeralCluster} and
 * {@code @TestNamespace String} are injected. A run with {@code -Dharness.cluster=none} leaves these
 * tests out; any other run fails them loudly when no cluster can be had.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EphemeralClusterExtension.class)
public @interface WithEphemeralCluster {

  /** Prefix of the per-test namespace. */
  String namespacePrefix() default "test";

  /** Keep the namespaces after each test (for looking at a failure with your own tools). */
  boolean keepNamespaces() default false;

  /**
   * The tests need containers that really run: they get the run's real-pods cluster (started once, beside
   * the simulated one) unless {@code -Dharness.cluster} already selects a backend with real pods (real-pods,
   * k3s, kubeconfig:PATH), which they then share.
   */
  boolean realPods() default false;

  /**
   * The backend ({@code local}, {@code real-pods}, {@code k3s}, {@code kubeconfig:PATH}); empty (the default) takes
   * the run's {@code -Dharness.cluster} / {@code $HARNESS_CLUSTER}, else {@code auto}. A run with {@code none}
   * still leaves the tests out.
   */
  String cluster() default "";

  /**
   * Application images for backends that import them (real-pods, k3s): OCI image tarballs
   * ({@code <name>-<tag>.tar}, the image {@code localhost/chart-harness/<name>:<tag>}) or directories of them;
   * empty (the default) takes {@code -Dharness.images} / {@code $HARNESS_IMAGES}.
   */
  String[] images() default {};
}
