package dev.chartharness.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a {@link WithEphemeralCluster} test class once per backend listed ({@code real-pods}, {@code k3s},
 * {@code local}, {@code kubeconfig:PATH}), each run shown as {@code [backend]}: the same tests prove the charts on
 * each. A run whose {@code -Dharness.cluster} names one backend other than {@code auto} or {@code local} narrows
 * the class to that backend (a kubeconfig, say); {@code none} leaves it out. Every backend listed must be
 * reachable: one that cannot start fails its tests loudly.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ClassTemplate
@ExtendWith(EachClusterProvider.class)
public @interface EachCluster {

  /** The backends, in the order they run. */
  String[] value();
}
