package dev.chartharness.assertj;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.AbstractAssert;

/** Assertions over a Secret's shape (its keys), never printing the values. */
public class SecretAssert extends AbstractAssert<SecretAssert, Secret> {

  SecretAssert(Secret actual) {
    super(actual, SecretAssert.class);
  }

  public SecretAssert hasExactlyKeys(String... keys) {
    Set<String> actualKeys = new TreeSet<>(Optional.ofNullable(actual.getData()).orElse(Map.of()).keySet());
    actualKeys.addAll(Optional.ofNullable(actual.getStringData()).orElse(Map.of()).keySet());
    if (!actualKeys.equals(new TreeSet<>(Set.of(keys)))) {
      failWithMessage("Expecting Secret %s to hold exactly keys %s but it holds %s", actual.getMetadata().getName(), new TreeSet<>(Set.of(keys)), actualKeys);
    }
    return this;
  }

  /** Every value is non-empty (a generated secret is never blank). */
  public SecretAssert hasNonEmptyValues() {
    Optional.ofNullable(actual.getData()).orElse(Map.of()).forEach((key, value) -> {
      if (value == null || value.isEmpty()) {
        failWithMessage("Expecting Secret %s key %s to have a value but it is empty", actual.getMetadata().getName(), key);
      }
    });
    return this;
  }
}
