package dev.chartharness.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class an ephemeral cluster (the one {@code -Dharness.cluster} selects, shared by every
 * class of the run and removed at its end) and each test a throwaway namespace that enforces the
 * restricted Pod Security Standard. Parameters of type {@code EphemeralCluster} and
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
}
