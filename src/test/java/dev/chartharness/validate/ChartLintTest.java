package dev.chartharness.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ChartLint merges values files the way Helm coalesces them")
class ChartLintTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  @DisplayName("maps merge key by key, lists and scalars replace, null deletes")
  void coalesces() throws Exception {
    ObjectNode base = (ObjectNode) YAML.readTree("a: {x: 1, y: 2}\nlist: [1, 2]\ngone: 1\nkeep: k\n");
    ObjectNode layer = (ObjectNode) YAML.readTree("a: {y: 3}\nlist: [9]\ngone: null\n");
    ChartLint.coalesce(base, layer);
    assertThat(base).isEqualTo(YAML.readTree("a: {x: 1, y: 3}\nlist: [9]\nkeep: k\n"));
  }
}
