package dev.chartharness.cli;

import dev.chartharness.base.HostProcess;
import dev.chartharness.cluster.ClusterSelection;
import dev.chartharness.cluster.LocalImages;
import dev.chartharness.render.ProjectLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * This repository's application images for {@code up}, {@code bench} and {@code verify} on clusters that run
 * real containers: built by {@code ci/images/build-images.sh} (seconds when cached) and handed to the cluster.
 * The library itself knows no application images; a project passes its own to {@code withImages(...)}.
 */
final class ProjectImages {

  static final String SCRIPT = "ci/images/build-images.sh";
  private static final Set<ClusterSelection.Kind> IMPORTING = Set.of(ClusterSelection.Kind.REAL_PODS, ClusterSelection.Kind.K3S);

  private ProjectImages() {
  }

  /** The images for {@code selection}: built and listed when it imports images and the layout has the script; else null (the defaults). */
  static List<Path> forCluster(ProjectLayout layout, ClusterSelection selection) {
    Path script = layout.root().resolve(SCRIPT);
    if (!IMPORTING.contains(selection.kind()) || !Files.isRegularFile(script)) {
      return null;
    }
    HostProcess.command("bash", script.toString()).echoingTo(System.err).withTimeout(java.time.Duration.ofMinutes(30)).runOrThrow();
    return LocalImages.tarballs(LocalImages.directory()).stream()
        .filter(image -> !LocalImages.base().contains(image)).toList();
  }
}
