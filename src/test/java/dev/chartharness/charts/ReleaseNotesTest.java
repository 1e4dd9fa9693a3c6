package dev.chartharness.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.render.Environment;
import dev.chartharness.render.RenderedRelease;
import dev.chartharness.verify.NotesCommand;
import dev.chartharness.verify.ReleaseNotes;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The NOTES of every chart and environment, rendered by the Helm CLI with every subchart's: each command is a line
 * of its own, and every object a command names is one the release renders. (NotesCommandsIT runs them.)
 */
@DisplayName("NOTES: every command they print names what the release installs")
class ReleaseNotesTest {

  private static final Map<String, String> KINDS = Map.ofEntries(
      Map.entry("deployment", "Deployment"), Map.entry("deploy", "Deployment"),
      Map.entry("statefulset", "StatefulSet"), Map.entry("sts", "StatefulSet"),
      Map.entry("service", "Service"), Map.entry("svc", "Service"),
      Map.entry("job", "Job"), Map.entry("pvc", "PersistentVolumeClaim"), Map.entry("ingress", "Ingress"));
  private static final Pattern STATEFUL_POD = Pattern.compile("(.+)-(\\d+)");
  private static final Pattern NAMESPACE = Pattern.compile("(?:-n|--namespace)[ =](\\S+)");

  @ParameterizedTest(name = "{0} [{1}]")
  @MethodSource("dev.chartharness.charts.ChartMatrix#chartsByEnvironment")
  @DisplayName("commands on lines of their own, in the release namespace, naming rendered objects; URLs on 127.0.0.1 after a port-forward")
  void commandsNameRenderedObjects(String chart, Environment environment) {
    RenderedRelease release = ChartMatrix.render(chart, environment);
    ReleaseNotes notes = ReleaseNotes.render(ChartMatrix.LAYOUT.chart(chart), release.name(), release.namespace(), release.valuesFiles(), Map.of());
    assertThat(notes.text()).as("NOTES of %s [%s]", chart, environment).isNotBlank();
    assertThat(notes.misplacedCommands()).as("kubectl inside prose in the NOTES of %s [%s]:\n%s", chart, environment, notes.text()).isEmpty();
    List<NotesCommand> commands = notes.commands();
    assertThat(commands).as("commands in the NOTES of %s [%s]", chart, environment).isNotEmpty();

    List<String> problems = new ArrayList<>();
    Set<Integer> forwardedPorts = new HashSet<>();
    for (NotesCommand command : commands) {
      switch (command.kind()) {
        case KUBECTL, PORT_FORWARD -> {
          Matcher namespace = NAMESPACE.matcher(command.text());
          if (!namespace.find() || !namespace.group(1).equals(release.namespace())) {
            problems.add("line " + command.line() + " does not name namespace " + release.namespace() + ": " + command.text());
          }
          target(command).flatMap(target -> missing(release, target)).ifPresent(missing -> problems.add("line " + command.line() + ": " + missing));
          if (command.kind() == NotesCommand.Kind.PORT_FORWARD) {
            forwardedPorts.add(command.localPort());
          }
        }
        case HTTP -> {
          Matcher local = Pattern.compile("^https?://(?:127\\.0\\.0\\.1|localhost)(?::(\\d+))?").matcher(command.url());
          if (local.find() && !forwardedPorts.contains(local.group(1) == null ? 80 : Integer.parseInt(local.group(1)))) {
            problems.add("line " + command.line() + ": no port-forward to " + command.url() + " before it");
          }
        }
      }
    }
    assertThat(problems).as("NOTES of %s [%s]:\n%s", chart, environment, notes.text()).isEmpty();
  }

  /** The object a kubectl command acts on, as {@code Kind/name}, when it names one. */
  private static Optional<String> target(NotesCommand command) {
    List<String> words = command.arguments();
    String object = switch (command.verb()) {
      case "rollout" -> words.size() > 2 ? words.get(2) : null;
      case "port-forward", "logs", "exec" -> words.size() > 1 ? words.get(1) : null;
      case "get", "delete" -> words.size() > 2 ? words.get(1) + "/" + words.get(2) : null;
      default -> null;
    };
    if (object == null) {
      return Optional.empty();
    }
    int slash = object.indexOf('/');
    if (slash < 0) {
      return Optional.of("Pod/" + object);
    }
    String kind = KINDS.get(object.substring(0, slash));
    return Optional.of((kind == null ? object.substring(0, slash) : kind) + "/" + object.substring(slash + 1));
  }

  private static Optional<String> missing(RenderedRelease release, String target) {
    String kind = target.substring(0, target.indexOf('/'));
    String name = target.substring(target.indexOf('/') + 1);
    if (kind.equals("Pod")) {
      Matcher pod = STATEFUL_POD.matcher(name);
      boolean exists = pod.matches() && release.find(StatefulSet.class, pod.group(1))
          .filter(set -> Integer.parseInt(pod.group(2)) < Optional.ofNullable(set.getSpec().getReplicas()).orElse(1)).isPresent();
      return exists ? Optional.empty() : Optional.of("pod " + name + " is no pod of a rendered StatefulSet");
    }
    boolean exists = release.objects().stream().anyMatch(object -> object.resource().getKind().equals(kind) && object.resource().getMetadata().getName().equals(name));
    return exists ? Optional.empty() : Optional.of(target + " is not rendered by the release");
  }
}
