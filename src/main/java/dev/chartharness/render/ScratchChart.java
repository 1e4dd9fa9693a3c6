package dev.chartharness.render;

import dev.chartharness.base.Digests;
import com.marcnuri.helm.Helm;
import dev.chartharness.base.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A chart as Helm loads it, prepared in a scratch directory so that the user's chart tree is never
 * written (no {@code Chart.lock}, {@code charts/*.tgz} or {@code tmpcharts/}).
 *
 * <ul>
 *   <li>{@link #resolved}: what {@code helm dependency build} would leave, without a network: a packaged
 *       chart is unpacked; every {@code file://} dependency is packaged into {@code charts/} from its
 *       directory as it stands now (so a stale lock or archive never matters); dependencies vendored
 *       under {@code charts/} (directories or archives) are kept as they are. Install, lint and package
 *       use it.</li>
 *   <li>{@link #renderable}: the resolved chart made renderable offline by embedded Helm, whose
 *       {@code template} drops hooks and lets {@code lookup} reach for a cluster: archives under
 *       {@code charts/} are unpacked, the hook annotation key carries a stand-in that {@link #restore}
 *       reverses, {@code lookup} returns an empty map as under {@code helm template}, and each chart's
 *       {@code crds/} are exposed through one template so that only enabled charts contribute.</li>
 * </ul>
 * Both are keyed by content and reused for the JVM's life; they are removed when it exits.
 */
public final class ScratchChart {

  static final String HOOK_KEY = "helm.sh/hook";
  static final String HOOK_STAND_IN = "chart-harness.dev/exposed-hook";
  /** The comment before each CRD document rendered through {@link #CRD_TEMPLATE}. */
  static final String CRD_MARKER = "# chart-harness-crd: ";
  static final String CRD_TEMPLATE = "templates/chart-harness-crds.yaml";
  private static final String CRD_TEMPLATE_TEXT = """
      {{- range $path, $_ := .Files.Glob "crds/**" }}
      {{- if or (hasSuffix ".yaml" $path) (hasSuffix ".yml" $path) (hasSuffix ".json" $path) }}
      {{- range regexSplit "(?m)^---[ \\t]*$" ($.Files.Get $path) -1 }}
      {{- if trim . }}
      ---
      %s{{ $path }}
      {{ . }}
      {{- end }}
      {{- end }}
      {{- end }}
      {{- end }}
      """.formatted(CRD_MARKER);

  private static final Map<String, Path> RESOLVED = new ConcurrentHashMap<>();
  private static final Map<String, Path> RENDERABLE = new ConcurrentHashMap<>();
  private static final Map<String, String> FILE_DIGESTS = new ConcurrentHashMap<>();
  private static final Map<Path, Path> ORIGINS = new ConcurrentHashMap<>();
  private static final Path SCRATCH = scratchRoot();

  private ScratchChart() {
  }

  /** The chart directory or archive {@code chart} with its dependencies in place, as Helm expects them. */
  public static Path resolved(Path chart) {
    return resolve(chart.toAbsolutePath().normalize(), new ArrayDeque<>());
  }

  /** {@link #resolved} made renderable offline (hooks visible, {@code lookup} empty, {@code crds/} exposed). */
  static Path renderable(Path chart) {
    Path resolved = resolved(chart);
    String key = resolved.toString();
    Path existing = RENDERABLE.get(key);
    if (existing != null) {
      return existing;
    }
    synchronized (ScratchChart.class) {
      return RENDERABLE.computeIfAbsent(key, ignored -> prepareRenderable(resolved, ORIGINS.getOrDefault(resolved, resolved)));
    }
  }

  /** Where a scratch path came from: Helm's messages name the user's chart, not the copy. */
  static String withOrigins(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (Map.Entry<Path, Path> origin : ORIGINS.entrySet()) {
      result = result.replace(origin.getKey().toString(), origin.getValue().toString());
    }
    return result.replace(SCRATCH.toString(), "(scratch copy)");
  }

  /** Puts the real {@code helm.sh/hook*} keys back into text rendered from a {@link #renderable} copy. */
  static String restore(String text) {
    return text.replace(HOOK_STAND_IN, HOOK_KEY);
  }

  private static Path resolve(Path chart, Deque<Path> visiting) {
    if (visiting.contains(chart)) {
      throw new ChartRenderException(chart, List.of(), "file:// dependency cycle: " + visiting);
    }
    visiting.push(chart);
    try {
      boolean archive = Files.isRegularFile(chart);
      if (!archive && !Files.isRegularFile(chart.resolve("Chart.yaml"))) {
        throw new ChartRenderException(chart, List.of(), Files.isDirectory(chart)
            ? "not a chart: " + chart.resolve("Chart.yaml") + " does not exist"
            : "not a chart: " + chart + " does not exist (give a chart directory or a packaged .tgz)");
      }
      String key = archive ? "archive:" + digest(chart) : "directory:" + treeDigest(chart, new ArrayDeque<>());
      Path existing = RESOLVED.get(key);
      if (existing != null && Files.isDirectory(existing)) {
        return existing;
      }
      Path prepared = prepareResolved(chart, archive, visiting);
      RESOLVED.put(key, prepared);
      ORIGINS.put(prepared, chart);
      return prepared;
    } finally {
      visiting.pop();
    }
  }

  private static Path prepareResolved(Path chart, boolean archive, Deque<Path> visiting) {
    try {
      Path target;
      if (archive) {
        Path unpacked = Files.createTempDirectory(SCRATCH, "archive-");
        TarArchive.extract(chart, unpacked);
        List<Path> tops;
        try (Stream<Path> entries = Files.list(unpacked)) {
          tops = entries.filter(path -> Files.isRegularFile(path.resolve("Chart.yaml"))).toList();
        }
        if (tops.size() != 1) {
          throw new ChartRenderException(chart, List.of(), "not a chart archive: expected one top-level directory with a Chart.yaml, found " + tops.size());
        }
        target = tops.get(0);
      } else {
        target = Files.createTempDirectory(SCRATCH, "chart-").resolve(chart.getFileName().toString());
        FileTrees.copy(chart, target);
      }
      Chart loaded;
      try {
        loaded = Chart.load(archive ? target : chart);
      } catch (ChartRenderException e) {
        throw archive ? new ChartRenderException(chart, List.of(), e.helmMessage().replace(target.toString(), chart + "!"), e) : e;
      }
      boolean built = false;
      for (ChartDependency dependency : loaded.dependencies()) {
        Optional<Path> directory = archive ? Optional.empty() : dependency.localDirectory(chart);
        if (directory.isPresent() && Files.isDirectory(directory.get())) {
          Path dependencyChart = resolve(directory.get(), visiting);
          Chart dependencyMetadata = Chart.load(dependencyChart);
          if (!dependencyMetadata.name().equals(dependency.name())) {
            throw new ChartRenderException(chart, List.of(), chart.resolve("Chart.yaml") + ": dependency " + dependency.name() + " ("
                + dependency.repository() + ") is a chart named " + dependencyMetadata.name());
          }
          if (!dependency.version().isBlank() && !VersionConstraint.parse(dependency.version()).allows(dependencyMetadata.version())) {
            throw new ChartRenderException(chart, List.of(), chart.resolve("Chart.yaml") + ": dependency " + dependency.name() + " requires version "
                + dependency.version() + " but " + directory.get() + " is version " + dependencyMetadata.version());
          }
          replaceVendored(target.resolve("charts"), dependency.name(), dependencyChart);
          built = true;
        } else if (vendored(target.resolve("charts"), dependency.name()).isEmpty()) {
          String where = directory.map(path -> "its directory " + path + " does not exist and it").orElse("it");
          throw new ChartRenderException(chart, List.of(), (archive ? chart : chart.resolve("Chart.yaml")) + ": dependency " + dependency.name()
              + " (" + (dependency.repository().isBlank() ? "no repository" : dependency.repository()) + ") is missing: " + where
              + " is not vendored under charts/ (run helm dependency update, or vendor it)");
        }
      }
      if (built) {
        removeUndeclaredArchives(target.resolve("charts"), loaded);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a scratch copy of " + chart + ": " + e.getMessage(), e);
    }
  }

  /** Replaces whatever {@code charts/} holds for {@code name} with a fresh package of {@code dependencyChart}. */
  private static void replaceVendored(Path charts, String name, Path dependencyChart) throws IOException {
    Files.createDirectories(charts);
    for (Path stale : vendored(charts, name)) {
      FileTrees.delete(stale);
    }
    try {
      new Helm(dependencyChart).packageIt().withDestination(charts).call();
    } catch (IllegalStateException e) {
      throw new ChartRenderException(ORIGINS.getOrDefault(dependencyChart, dependencyChart), List.of(), "helm package failed: " + withOrigins(e.getMessage()), e);
    }
  }

  /** As {@code helm dependency build} does, archives under {@code charts/} that no dependency declares go (directories stay). */
  private static void removeUndeclaredArchives(Path charts, Chart chart) throws IOException {
    java.util.Set<String> declared = new java.util.HashSet<>();
    chart.dependencies().forEach(dependency -> declared.add(dependency.name()));
    try (Stream<Path> entries = Files.list(charts)) {
      for (Path entry : entries.filter(Files::isRegularFile).filter(path -> path.toString().endsWith(".tgz")).toList()) {
        if (!declared.contains(vendoredName(entry))) {
          Files.delete(entry);
        }
      }
    }
  }

  /** The entries of {@code charts/} (directories or archives) that hold a chart named {@code name}. */
  private static List<Path> vendored(Path charts, String name) throws IOException {
    if (!Files.isDirectory(charts)) {
      return List.of();
    }
    List<Path> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(charts)) {
      for (Path entry : entries.sorted().toList()) {
        if (name.equals(vendoredName(entry))) {
          found.add(entry);
        }
      }
    }
    return found;
  }

  private static String vendoredName(Path entry) {
    try {
      if (Files.isDirectory(entry) && Files.isRegularFile(entry.resolve("Chart.yaml"))) {
        return Chart.load(entry).name();
      }
      if (Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".tgz")) {
        for (Map.Entry<String, byte[]> file : TarArchive.files(Files.readAllBytes(entry)).entrySet()) {
          if (file.getKey().matches("[^/]+/Chart\\.yaml")) {
            return Chart.nameIn(new String(file.getValue(), StandardCharsets.UTF_8));
          }
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      return null;  // Helm reports an unreadable vendored chart itself when it loads the parent.
    }
    return null;
  }

  private static Path prepareRenderable(Path resolved, Path origin) {
    try {
      Path target = Files.createTempDirectory(SCRATCH, "render-").resolve(resolved.getFileName().toString());
      FileTrees.copy(resolved, target);
      ORIGINS.put(target, origin);
      unpackVendored(target);
      try (Stream<Path> paths = Files.walk(target)) {
        for (Path file : paths.filter(Files::isRegularFile).toList()) {
          rewrite(file, isTemplate(target, file));
        }
      }
      exposeCrds(target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare an offline render of " + origin + ": " + e.getMessage(), e);
    }
  }

  /** Unpacks every archive under a {@code charts/} directory, recursively, in place of the archive. */
  private static void unpackVendored(Path chart) throws IOException {
    Path charts = chart.resolve("charts");
    if (!Files.isDirectory(charts)) {
      return;
    }
    List<Path> entries;
    try (Stream<Path> list = Files.list(charts)) {
      entries = list.sorted().toList();
    }
    for (Path entry : entries) {
      if (Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".tgz")) {
        Path unpacked = Files.createTempDirectory(SCRATCH, "vendored-");
        TarArchive.extract(entry, unpacked);
        Path top;
        try (Stream<Path> tops = Files.list(unpacked)) {
          top = tops.filter(path -> Files.isRegularFile(path.resolve("Chart.yaml"))).findFirst().orElse(null);
        }
        if (top == null) {
          continue;  // Not a chart: Helm refuses it with its own message.
        }
        String base = entry.getFileName().toString();
        Path directory = charts.resolve(base.substring(0, base.length() - ".tgz".length()));
        Files.delete(entry);
        Files.move(top, directory);
        FileTrees.delete(unpacked);
        unpackVendored(directory);
      } else if (Files.isDirectory(entry)) {
        unpackVendored(entry);
      }
    }
  }

  /** A template of any chart in the tree: a file under a chart's {@code templates/} directory. */
  private static boolean isTemplate(Path root, Path file) {
    Path relative = root.relativize(file);
    for (int i = relative.getNameCount() - 2; i >= 0; i--) {
      if (relative.getName(i).toString().equals("templates")) {
        Path chart = i == 0 ? root : root.resolve(relative.subpath(0, i));
        return Files.isRegularFile(chart.resolve("Chart.yaml"));
      }
    }
    return false;
  }

  private static void rewrite(Path file, boolean template) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException binary) {
      return;
    }
    String rewritten = text.replace(HOOK_KEY, HOOK_STAND_IN);
    if (template) {
      rewritten = TemplateLookups.emptied(rewritten);
    }
    if (!rewritten.equals(text)) {
      Files.writeString(file, rewritten, StandardCharsets.UTF_8);
    }
  }

  /** Adds the CRD template to every chart of the tree that has a {@code crds/} directory. */
  private static void exposeCrds(Path root) throws IOException {
    List<Path> charts;
    try (Stream<Path> paths = Files.walk(root)) {
      charts = paths.filter(path -> path.getFileName().toString().equals("Chart.yaml")).map(Path::getParent).toList();
    }
    for (Path chart : charts) {
      if (Files.isDirectory(chart.resolve("crds"))) {
        Path template = chart.resolve(CRD_TEMPLATE);
        Files.createDirectories(template.getParent());
        Files.writeString(template, CRD_TEMPLATE_TEXT, StandardCharsets.UTF_8);
      }
    }
  }

  /** A digest of a chart directory and every directory it reaches through {@code file://}, by content. */
  private static String treeDigest(Path chart, Deque<Path> visiting) throws UncheckedIOException {
    if (visiting.contains(chart)) {
      return "cycle";
    }
    visiting.push(chart);
    MessageDigest digest = Digests.sha256();
    try (Stream<Path> paths = Files.walk(chart)) {
      for (Path file : paths.filter(Files::isRegularFile).sorted().toList()) {
        digest.update(chart.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(digest(file).getBytes(StandardCharsets.US_ASCII));
      }
      for (ChartDependency dependency : Chart.load(chart).dependencies()) {
        Optional<Path> directory = dependency.localDirectory(chart);
        if (directory.isPresent() && Files.isRegularFile(directory.get().resolve("Chart.yaml"))) {
          digest.update(treeDigest(directory.get(), visiting).getBytes(StandardCharsets.US_ASCII));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + chart + ": " + e.getMessage(), e);
    } finally {
      visiting.pop();
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** A file's SHA-256, remembered by path, size and modification time so that unchanged files are read once. */
  private static String digest(Path file) {
    try {
      String stamp = file + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
      return FILE_DIGESTS.computeIfAbsent(stamp, ignored -> {
        try {
          return Digests.sha256Hex(Files.readAllBytes(file));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }


  /** One scratch root per JVM, removed when it exits. */
  private static Path scratchRoot() {
    try {
      Path root = Files.createTempDirectory("chart-harness-charts-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> FileTrees.delete(root), "remove-" + root.getFileName()));
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory for charts: " + e.getMessage(), e);
    }
  }
}
