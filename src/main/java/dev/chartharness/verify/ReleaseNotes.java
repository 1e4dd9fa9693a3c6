package dev.chartharness.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chartharness.base.HostProcess;
import dev.chartharness.install.InstalledRelease;
import dev.chartharness.render.HelmCli;
import dev.chartharness.render.ScratchChart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NOTES a release prints, its own and every subchart's, as the Helm CLI renders them
 * ({@code helm install --dry-run=client --render-subchart-notes}), and the commands in them a person is told to run.
 *
 * <p>A command is a line of its own starting with {@code kubectl} or {@code curl}, or a URL line
 * ({@code http://...}, {@code https://...}); {@link NotesCommand} says which kind. A {@code kubectl} anywhere else
 * in a line breaks that rule ({@link #misplacedCommands}): a person copying the line would copy prose with it.
 *
 * @param chart the chart the notes came from
 * @param text the rendered notes, parent first, then each subchart's
 */
public record ReleaseNotes(String chart, String text) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern COMMAND = Pattern.compile("^\\s*((?:kubectl|curl)\\s.*|https?://\\S+.*)$");
  private static final Pattern EMBEDDED_KUBECTL = Pattern.compile("(?<![$(])\\bkubectl\\s");

  /** The notes of {@code chart} installed as {@code release} in {@code namespace} with {@code valuesFiles}, rendered offline. */
  public static ReleaseNotes render(Path chart, String release, String namespace, List<Path> valuesFiles, Map<String, Object> set) {
    List<String> args = new ArrayList<>(List.of("install", release, ScratchChart.resolved(chart).toString(), "--namespace", namespace,
        "--dry-run=client", "--render-subchart-notes", "--output", "json"));
    for (Path file : valuesFiles) {
      args.add("--values");
      args.add(file.toAbsolutePath().toString());
    }
    for (Map.Entry<String, Object> value : set.entrySet()) {
      args.add("--set-json");
      args.add(value.getKey() + "=" + json(value.getValue()));
    }
    HostProcess.Result result = HelmCli.locateOrBuild().run(null, args.toArray(String[]::new));
    if (!result.succeeded()) {
      throw new IllegalStateException("cannot render the NOTES of " + chart + " (release " + release + ", values " + valuesFiles + "): " + result.tail());
    }
    try {
      JsonNode notes = JSON.readTree(result.output()).path("info").path("notes");
      return new ReleaseNotes(chart.toString(), notes.asText(""));
    } catch (IOException e) {
      throw new UncheckedIOException("helm install --dry-run printed no release JSON for " + chart + ": " + e.getMessage(), e);
    }
  }

  /** The notes of an installed release, rendered from its chart directory and values files. */
  public static ReleaseNotes of(InstalledRelease release) {
    Path chart = Path.of(release.chart());
    if (!Files.exists(chart)) {
      throw new IllegalArgumentException("release " + release.name() + " was installed from " + release.chart()
          + ", not a chart on disk: its NOTES cannot be rendered here");
    }
    return render(chart, release.name(), release.namespace(), release.valuesFiles(), Map.of());
  }

  /** Every command in the notes, in order, with its line number. */
  public List<NotesCommand> commands() {
    List<NotesCommand> commands = new ArrayList<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      Matcher command = COMMAND.matcher(lines.get(i));
      if (command.matches()) {
        commands.add(NotesCommand.parse(i + 1, command.group(1).strip()));
      }
    }
    return commands;
  }

  /** Lines that mention {@code kubectl} without being a command line of their own (a command inside {@code $(...)} is fine). */
  public List<String> misplacedCommands() {
    List<String> misplaced = new ArrayList<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!COMMAND.matcher(line).matches() && EMBEDDED_KUBECTL.matcher(line).find()) {
        misplaced.add("line " + (i + 1) + ": " + line.strip());
      }
    }
    return misplaced;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
