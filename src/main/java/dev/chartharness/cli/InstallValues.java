package dev.chartharness.cli;

import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.render.Environment;
import dev.chartharness.render.ProjectLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The values files an application is installed with on a cluster the command line started. */
final class InstallValues {

  private InstallValues() {
  }

  /**
   * The environment's values files; on a cluster holding the locally built images (real-pods, k3s with
   * them imported) then also {@code ci/images/values/<chart>.yaml}, which selects those images.
   */
  static List<Path> of(ProjectLayout layout, Environment environment, String chart, EphemeralCluster cluster) {
    List<Path> files = new ArrayList<>(environment.valuesFiles(layout.valuesDirectory(), chart));
    if (cluster.capabilities().hasLocalImages()) {
      files.add(layout.localImageValues(chart));
    }
    return files;
  }
}
