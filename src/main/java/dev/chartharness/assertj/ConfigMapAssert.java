package dev.chartharness.assertj;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/** Assertions over a ConfigMap. */
public class ConfigMapAssert extends AbstractAssert<ConfigMapAssert, ConfigMap> {

  ConfigMapAssert(ConfigMap actual) {
    super(actual, ConfigMapAssert.class);
  }

  public ConfigMapAssert hasEntry(String key, String value) {
    if (!value.equals(data().get(key))) {
      failWithMessage("Expecting ConfigMap %s to hold %s=%s but it holds %s", actual.getMetadata().getName(), key, value, data().get(key));
    }
    return this;
  }

  public ConfigMapAssert hasEntryContaining(String key, String fragment) {
    String value = data().get(key);
    if (value == null || !value.contains(fragment)) {
      failWithMessage("Expecting ConfigMap %s key %s to contain %s but it is %s", actual.getMetadata().getName(), key, fragment, value);
    }
    return this;
  }

  public String name() {
    return actual.getMetadata().getName();
  }

  private Map<String, String> data() {
    return Optional.ofNullable(actual.getData()).orElse(Map.of());
  }
}
