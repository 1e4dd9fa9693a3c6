package dev.chartharness.validate;

import java.util.Map;

/** Equality-based label selection, as Services, PDBs and workload selectors use it. */
final class Selectors {

  private Selectors() {
  }

  /** True when every selector pair is among the labels; an empty selector matches nothing here. */
  static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector != null && !selector.isEmpty() && labels != null && labels.entrySet().containsAll(selector.entrySet());
  }
}
