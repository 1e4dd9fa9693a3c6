package dev.chartharness.validate;

import dev.chartharness.base.HostProcess;
import dev.chartharness.render.HelmCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the base of an upgrade check comes from, as a chart on disk: a chart directory or packaged {@code .tgz}
 * (given as is), the previous version in a chart repository or OCI registry ({@code oci://HOST/PATH/NAME@VERSION},
 * {@code https://REPO/NAME@VERSION}, fetched with {@code helm pull}), or a git ref ({@code HEAD~1}, a tag, a branch),
 * whose tree the chart's repository holds ({@code git archive}). Fetched bases land in a scratch directory.
 */
public final class UpgradeBase {

  private final String spec;
  private final Path scratch;

  private UpgradeBase(String spec, Path scratch) {
    this.spec = spec;
    this.scratch = scratch;
  }

  /** The base {@code spec} names, fetched (when it must be) below {@code scratch}. */
  public static UpgradeBase of(String spec, Path scratch) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("no base: give a git ref, a chart directory or .tgz, or oci://.../NAME@VERSION");
    }
    return new UpgradeBase(spec.strip(), scratch);
  }

  /** True when the base is a git ref (then values files, too, come from the base's tree). */
  public boolean isGitRef() {
    return !Files.exists(Path.of(spec)) && !spec.contains("://");
  }

  /**
   * The base version of {@code chart} (a directory in a git repository, for a git ref): a path to render, or empty
   * when the chart does not exist there (a new chart: everything is added).
   */
  public Optional<Path> chart(Path chart) {
    Path given = Path.of(spec);
    if (Files.isDirectory(given) && Files.isRegularFile(given.resolve("Chart.yaml")) || Files.isRegularFile(given)) {
      return Optional.of(given.toAbsolutePath());
    }
    if (spec.startsWith("oci://") || spec.startsWith("http://") || spec.startsWith("https://")) {
      return Optional.of(pulled());
    }
    Path tree = checkout(chart);
    Path relative = repositoryRoot(chart).relativize(chart.toAbsolutePath().normalize());
    Path base = tree.resolve(relative.toString());
    return Files.isRegularFile(base.resolve("Chart.yaml")) ? Optional.of(base) : Optional.empty();
  }

  /** For a git ref: the same file as it was at the ref (a values file), or empty when it did not exist. */
  public Optional<Path> file(Path file) {
    Path root = repositoryRoot(file.getParent());
    Path base = checkout(file.getParent()).resolve(root.relativize(file.toAbsolutePath().normalize()).toString());
    return Files.isRegularFile(base) ? Optional.of(base) : Optional.empty();
  }

  private Path pulled() {
    int at = spec.lastIndexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException("base " + spec + " names no version: add @VERSION (the published version to compare with)");
    }
    String reference = spec.substring(0, at);
    String version = spec.substring(at + 1);
    Path destination = scratch.resolve("pulled-" + Integer.toHexString(spec.hashCode()));
    try {
      Files.createDirectories(destination);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HelmCli helm = HelmCli.locateOrBuild();
    if (reference.startsWith("oci://")) {
      helm.call(scratch, "pull", reference, "--version", version, "-d", destination.toString());
    } else {
      int slash = reference.lastIndexOf('/');
      helm.call(scratch, "pull", reference.substring(slash + 1), "--repo", reference.substring(0, slash), "--version", version,
          "-d", destination.toString());
    }
    try (Stream<Path> files = Files.list(destination)) {
      return files.filter(file -> file.toString().endsWith(".tgz")).findFirst()
          .orElseThrow(() -> new IllegalStateException("helm pull " + spec + " wrote no chart archive"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The repository's tree at the ref, extracted once. */
  private Path checkout(Path inRepository) {
    Path root = repositoryRoot(inRepository);
    Path tree = scratch.resolve("git-" + spec.replaceAll("[^A-Za-z0-9._-]", "_"));
    if (Files.isDirectory(tree)) {
      return tree;
    }
    try {
      Files.createDirectories(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path archive = scratch.resolve(tree.getFileName() + ".tar");
    HostProcess.Result exported = HostProcess.command("git", "-C", root.toString(), "archive", "--format=tar", "-o", archive.toString(), spec).run();
    if (!exported.succeeded()) {
      throw new IllegalArgumentException("base " + spec + " is neither a chart, a chart archive, a repository reference nor a git ref of "
          + root + ": " + exported.tail());
    }
    HostProcess.command("tar", "-x", "-f", archive.toString(), "-C", tree.toString()).runOrThrow();
    return tree;
  }

  private static Path repositoryRoot(Path inRepository) {
    HostProcess.Result top = HostProcess.command("git", "-C", inRepository.toAbsolutePath().toString(), "rev-parse", "--show-toplevel").run();
    if (!top.succeeded()) {
      throw new IllegalArgumentException(inRepository + " is not in a git repository, so a git ref cannot be its base: " + top.tail());
    }
    return Path.of(top.output().strip());
  }
}
