package dev.chartharness.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One command a release's NOTES tell a person to run.
 *
 * @param line its line in the rendered notes
 * @param text the command as printed
 * @param kind what running it means
 * @param verb the kubectl verb ({@code rollout}, {@code get}, {@code exec}, {@code port-forward}, ...); for HTTP, {@code GET}
 * @param url the URL an HTTP command fetches (may contain {@code $(kubectl ...)}); null for kubectl
 * @param localPort the local port a port-forward listens on; 0 otherwise
 * @param arguments a kubectl command's words that are not flags, verb first ({@code rollout status deployment/x}); empty for HTTP
 */
public record NotesCommand(int line, String text, Kind kind, String verb, String url, int localPort, List<String> arguments) {

  public NotesCommand {
    arguments = List.copyOf(arguments);
  }

  /** How a command is run. */
  public enum Kind {
    /** {@code kubectl ...}, run as printed by a shell with the cluster's kubeconfig. */
    KUBECTL,
    /** {@code kubectl port-forward TARGET LOCAL:REMOTE}, kept running for the HTTP commands after it. */
    PORT_FORWARD,
    /** {@code curl URL} or a URL line: one GET that must not answer with an error status. */
    HTTP
  }

  /** Verbs that need a kubelet with real containers: simulated pods have no logs, shells or sockets. */
  static final Set<String> NEEDS_REAL_PODS = Set.of("exec", "logs", "attach", "cp", "port-forward", "debug");
  /** Verbs that change what the release left: the notes print them for later (after {@code helm uninstall}), not to run now. */
  static final Set<String> DESTRUCTIVE = Set.of("delete", "scale", "patch", "edit", "drain", "cordon", "replace", "apply");

  private static final Pattern PORT_PAIR = Pattern.compile("(\\d+):(\\d+)");
  private static final Set<String> FLAGS_WITH_VALUE = Set.of("-n", "--namespace", "--context", "--kubeconfig", "-l", "--selector", "-o", "--output", "-c", "--container");
  private static final Set<String> CURL_FLAGS_WITH_VALUE = Set.of("--resolve");

  static NotesCommand parse(int line, String text) {
    List<String> words = words(text);
    return switch (words.get(0)) {
      case "kubectl" -> kubectl(line, text, words);
      case "curl" -> new NotesCommand(line, text, Kind.HTTP, "GET", curlUrl(line, text, words), 0, List.of());
      default -> new NotesCommand(line, text, Kind.HTTP, "GET", words.get(0), 0, List.of());
    };
  }

  /** Whether running it could change the release: then it is reported, not run. */
  public boolean destructive() {
    return kind == Kind.KUBECTL && DESTRUCTIVE.contains(verb);
  }

  /** Whether it only works against real containers. */
  public boolean needsRealPods() {
    return kind != Kind.HTTP && NEEDS_REAL_PODS.contains(verb);
  }

  /** Whether it watches ({@code -w}/{@code --watch}): it never ends by itself. */
  public boolean watches() {
    return kind == Kind.KUBECTL && words(text).stream().anyMatch(word -> word.equals("-w") || word.equals("--watch"));
  }

  /**
   * The line split at blanks as a shell would see its words: a quoted string, a {@code $(...)} substitution and a
   * {@code <placeholder>} each stay one word (quotes are kept).
   */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    int depth = 0;
    boolean placeholder = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
        depth++;
        word.append(c);
        c = text.charAt(++i);
      } else if (c == ')' && depth > 0) {
        depth--;
      } else if (c == '<' && depth == 0) {
        placeholder = true;
      } else if (c == '>' && placeholder) {
        placeholder = false;
      } else if (Character.isWhitespace(c) && depth == 0 && !placeholder) {
        if (!word.isEmpty()) {
          words.add(word.toString());
          word.setLength(0);
        }
        continue;
      }
      word.append(c);
    }
    if (!word.isEmpty()) {
      words.add(word.toString());
    }
    return words;
  }

  private static NotesCommand kubectl(int line, String text, List<String> words) {
    List<String> arguments = new ArrayList<>();
    for (int i = 1; i < words.size(); i++) {
      String word = words.get(i);
      if (word.equals("--")) {
        break;
      } else if (FLAGS_WITH_VALUE.contains(word)) {
        i++;
      } else if (!word.startsWith("-")) {
        arguments.add(word);
      }
    }
    if (arguments.isEmpty()) {
      throw new IllegalArgumentException("NOTES line " + line + ": kubectl without a verb: " + text);
    }
    String verb = arguments.get(0);
    if (!verb.equals("port-forward")) {
      return new NotesCommand(line, text, Kind.KUBECTL, verb, null, 0, arguments);
    }
    Matcher ports = arguments.size() < 3 ? null : PORT_PAIR.matcher(arguments.get(2));
    if (ports == null || !ports.matches()) {
      throw new IllegalArgumentException("NOTES line " + line + ": port-forward needs TARGET LOCAL:REMOTE: " + text);
    }
    return new NotesCommand(line, text, Kind.PORT_FORWARD, verb, null, Integer.parseInt(ports.group(1)), arguments);
  }

  private static String curlUrl(int line, String text, List<String> words) {
    String url = null;
    for (int i = 1; i < words.size(); i++) {
      String word = words.get(i);
      if (CURL_FLAGS_WITH_VALUE.contains(word)) {
        i++;
      } else if (word.startsWith("-")) {
        throw new IllegalArgumentException("NOTES line " + line + ": curl option " + word + " is not one the notes walk-through knows (--resolve): " + text);
      } else if (url == null) {
        url = word;
      }
    }
    if (url == null) {
      throw new IllegalArgumentException("NOTES line " + line + ": curl without a URL: " + text);
    }
    return url;
  }
}
