package dev.chartharness.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.render.ProjectLayout;
import dev.chartharness.render.RenderCommand;
import dev.chartharness.render.RenderedRelease;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("upgrade rules: each forbidden or dangerous change, made by one value of corpus/upgrade, is found naming object and field")
class UpgradeRulesTest {

  static final Path CHART = ProjectLayout.current().root().resolve("src/test/resources/corpus/upgrade");

  static RenderedRelease render(Map<String, Object> values) {
    RenderCommand render = RenderCommand.chart(CHART).withReleaseName("up");
    values.forEach(render::set);
    return render.call();
  }

  static UpgradeDiff.Report upgrade(String key, Object value) {
    return UpgradeDiff.compare(render(Map.of()), render(Map.of(key, value)));
  }

  @Test
  @DisplayName("the same chart and values: no finding, and only nothing changes (random Secret values and their checksums are masked)")
  void unchanged() {
    UpgradeDiff.Report report = UpgradeDiff.compare(render(Map.of()), render(Map.of()));
    assertThat(report.findings()).isEmpty();
    assertThat(report.changes()).isEmpty();
  }

  @ParameterizedTest(name = "{0}={1}: {3} {4}")
  @CsvSource(delimiter = '|', value = {
      "storageSize      | 2Gi               | ERROR   | StatefulSet/db              | spec.volumeClaimTemplates[data].spec.resources.requests.storage",
      "podManagementPolicy | Parallel       | ERROR   | StatefulSet/db              | spec.podManagementPolicy",
      "selectorExtra    | blue              | ERROR   | Deployment/web              | spec.selector.matchLabels.tier",
      "jobImage         | registry.example.com/tools:2.0.0 | ERROR | Job/seed      | spec.template.spec.containers[seed].image",
      "claimSize        | 1Gi               | ERROR   | PersistentVolumeClaim/uploads | spec.resources.requests.storage",
      "claimSize        | 5Gi               | WARNING | PersistentVolumeClaim/uploads | spec.resources.requests.storage",
      "accessMode       | ReadWriteMany     | ERROR   | PersistentVolumeClaim/uploads | spec.accessModes[0]",
      "clusterIP        | 10.0.0.99         | ERROR   | Service/web                 | spec.clusterIP",
      "diskType         | io2               | ERROR   | StorageClass/fast           | parameters.type",
      "claimEnabled     | false             | ERROR   | PersistentVolumeClaim/uploads | metadata.name",
      "secretName       | credentials-v2    | ERROR   | Secret/credentials          | metadata.name",
      "secretKey        | token             | ERROR   | Secret/credentials          | data.password",
      "configValue      | two               | ERROR   | ConfigMap/settings          | data.value",
      "serviceTier      | api               | WARNING | Service/web                 | spec.selector",
  })
  @DisplayName("one value breaks one rule")
  void rule(String key, String value, Severity severity, String object, String field) {
    Object typed = value.equals("false") ? Boolean.FALSE : value;
    UpgradeDiff.Report report = upgrade(key, typed);
    assertThat(report.findings()).as(report.describe())
        .anySatisfy(finding -> {
          assertThat(finding.severity()).isEqualTo(severity);
          assertThat(finding.object()).isEqualTo(object);
          assertThat(finding.field()).isEqualTo(field);
          assertThat(finding.rule()).isEqualTo("upgrade");
        });
  }

  @Nested
  @DisplayName("the review")
  class Review {

    @Test
    @DisplayName("names each changed field with both values, and masks Secret values")
    void describesChanges() {
      UpgradeDiff.Report report = upgrade("secretName", "credentials-v2");
      assertThat(report.describe()).contains("- Secret/credentials").contains("+ Secret/credentials-v2")
          .doesNotContainPattern("password: \\\"[A-Za-z0-9+/=]{12,}");
      UpgradeDiff.Report storage = upgrade("storageSize", "2Gi");
      assertThat(storage.changes()).singleElement().satisfies(change -> {
        assertThat(change.change()).isEqualTo("changed");
        assertThat(change.fields()).extracting(Object::toString)
            .containsExactly("spec.volumeClaimTemplates[data].spec.resources.requests.storage: \"1Gi\" -> \"2Gi\"");
      });
    }

    @Test
    @DisplayName("a kept claim may be removed: it stays, with its data")
    void keptClaim() {
      UpgradeDiff.Report report = UpgradeDiff.compare(render(Map.of("claimKeep", true)), render(Map.of("claimKeep", true, "claimEnabled", false)));
      assertThat(report.findings()).noneSatisfy(finding -> assertThat(finding.object()).isEqualTo("PersistentVolumeClaim/uploads"));
    }
  }
}
