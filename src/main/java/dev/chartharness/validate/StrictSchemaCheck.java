package dev.chartharness.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.chartharness.render.RenderedObject;
import dev.chartharness.render.RenderedRelease;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unknown and mistyped fields in built-in objects. The typed model knows every field of every
 * built-in kind; whatever the parser could not place ends up in an object's
 * {@code additionalProperties}: under a known name it is a wrong type, otherwise an unknown field
 * (the API server would drop or reject it). Objects of kinds the model does not know are custom
 * resources, which {@link CustomResourceCheck} checks against their CRDs.
 */
public final class StrictSchemaCheck implements Check {

  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";
  private static final Set<Class<?>> OPAQUE = Set.of(IntOrString.class, Quantity.class, AnyType.class);
  private static final Map<Class<?>, Map<String, Field>> PROPERTIES = new ConcurrentHashMap<>();

  @Override
  public String rule() {
    return "schema";
  }

  @Override
  public List<Finding> check(RenderedRelease release, Policy policy) {
    List<Finding> findings = new ArrayList<>();
    for (RenderedObject object : release.objects()) {
      if (object.resource() instanceof GenericKubernetesResource) {
        continue;  // Not a built-in kind: CustomResourceCheck checks it against its CRD.
      }
      walk(object.resource(), "", object.id(), findings);
    }
    return findings;
  }

  private void walk(Object value, String path, String objectId, List<Finding> findings) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> list) {
      int index = 0;
      for (Object element : list) {
        walk(element, path + "[" + elementKey(element, index++) + "]", objectId, findings);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, element) -> walk(element, path + "." + key, objectId, findings));
      return;
    }
    Class<?> type = value.getClass();
    if (!type.getName().startsWith(MODEL_PACKAGE) || OPAQUE.contains(type) || type.isEnum()) {
      return;
    }
    Map<String, Field> properties = properties(type);
    for (Map.Entry<String, Field> property : properties.entrySet()) {
      walk(read(property.getValue(), value), join(path, property.getKey()), objectId, findings);
    }
    Map<String, Object> extra = additionalProperties(value);
    extra.forEach((name, extraValue) -> {
      String field = join(path, name);
      if (properties.containsKey(name)) {
        findings.add(Finding.error(rule(), objectId, field, "wrong type: " + describe(extraValue) + " is not a valid "
            + expectedType(properties.get(name))));
      } else {
        findings.add(Finding.error(rule(), objectId, field, "unknown field " + name + " in " + type.getSimpleName()
            + suggestion(name, properties.keySet()) + "; the API server drops or rejects it"));
      }
    });
  }

  private static String elementKey(Object element, int index) {
    if (element != null) {
      try {
        Object name = element.getClass().getMethod("getName").invoke(element);
        if (name instanceof String text && !text.isEmpty()) {
          return text;
        }
      } catch (ReflectiveOperationException ignored) {
        // Elements without a name are addressed by index.
      }
    }
    return String.valueOf(index);
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** The model's JSON property names of a class and its superclasses, mapped to their fields. */
  private static Map<String, Field> properties(Class<?> type) {
    return PROPERTIES.computeIfAbsent(type, key -> {
      Map<String, Field> fields = new LinkedHashMap<>();
      for (Class<?> current = key; current != null && current != Object.class; current = current.getSuperclass()) {
        for (Field field : current.getDeclaredFields()) {
          JsonProperty property = field.getAnnotation(JsonProperty.class);
          if (property != null && !Modifier.isStatic(field.getModifiers())) {
            field.setAccessible(true);
            fields.putIfAbsent(property.value().isEmpty() ? field.getName() : property.value(), field);
          }
        }
      }
      return fields;
    });
  }

  private static Object read(Field field, Object owner) {
    try {
      return field.get(owner);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read " + field, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> additionalProperties(Object value) {
    try {
      Object extra = value.getClass().getMethod("getAdditionalProperties").invoke(value);
      return extra instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    } catch (ReflectiveOperationException e) {
      return Map.of();
    }
  }

  private static String describe(Object value) {
    String kind = value instanceof String ? "string" : value instanceof Map ? "object" : value instanceof Collection ? "list"
        : value instanceof Number ? "number" : value instanceof Boolean ? "boolean" : value.getClass().getSimpleName();
    return kind + " " + (value instanceof String ? "\"" + value + "\"" : String.valueOf(value));
  }

  private static String expectedType(Field field) {
    Class<?> type = field.getType();
    if (Number.class.isAssignableFrom(type)) return "number (" + type.getSimpleName() + ")";
    if (type == Boolean.class) return "boolean";
    if (type == String.class) return "string";
    if (List.class.isAssignableFrom(type)) return "list";
    if (Map.class.isAssignableFrom(type)) return "map";
    if (type == IntOrString.class) return "number or string";
    if (type == Quantity.class) return "quantity";
    return type.getSimpleName() + " object";
  }

  /** "; did you mean requests?" when a known name is within two edits. */
  static String suggestion(String name, Collection<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : known) {
      int distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best == null ? "" : " (did you mean " + best + "?)";
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
