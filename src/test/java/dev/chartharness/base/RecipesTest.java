package dev.chartharness.base;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.render.ProjectLayout;
import dev.chartharness.render.RenderCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The build recipes travel in the jar: every file listed, extracted once per content, ci/ runs the same files")
class RecipesTest {

  static final Path SOURCES = ProjectLayout.current().root().resolve("src/main/resources/dev/chartharness/recipes");

  @Test
  @DisplayName("INDEX lists exactly the recipe files (a file left out would be missing for projects that depend on the harness)")
  void indexComplete() throws IOException {
    List<String> files;
    try (Stream<Path> paths = Files.walk(SOURCES)) {
      files = paths.filter(Files::isRegularFile).map(path -> SOURCES.relativize(path).toString()).filter(name -> !name.equals("INDEX")).sorted().toList();
    }
    assertThat(Recipes.index()).containsExactlyElementsOf(files);
  }

  @Test
  @DisplayName("extraction gives executable scripts and the wrapper modules with their go.sum, and a second call reuses it")
  void extracts() {
    Path directory = Recipes.directory();
    assertThat(directory).startsWith(HarnessCache.directory().resolve("recipes"));
    assertThat(directory.resolve("cluster-binaries.sh")).isExecutable();
    assertThat(directory.resolve("real-node.sh")).isExecutable();
    assertThat(directory.resolve("go/kubernetes/go.sum")).isNotEmptyFile();
    assertThat(Recipes.directory()).isEqualTo(directory);
  }

  @Test
  @DisplayName("this repository's ci/ scripts run the packaged recipes, not copies")
  void ciUsesRecipes() throws IOException {
    Path ci = ProjectLayout.current().root().resolve("ci");
    for (String script : List.of("cluster-binaries.sh", "node-binaries.sh", "ingress-binaries.sh", "helm-binaries.sh")) {
      assertThat(Files.readString(ci.resolve(script))).contains("src/main/resources/dev/chartharness/recipes/" + script);
    }
    assertThat(Files.readString(ci.resolve("images/build-images.sh"))).contains("recipes/images/lib.sh");
  }

  @Test
  @DisplayName("the render's default Kubernetes version is the one the local control plane is built at")
  void kubeVersionMatchesControlPlane() throws IOException {
    assertThat(Files.readString(SOURCES.resolve("go/kubernetes/go.mod"))).contains("require k8s.io/kubernetes " + RenderCommand.DEFAULT_KUBE_VERSION + "\n");
  }
}
