package dev.chartharness.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code java -jar chart-harness.jar VERB ...}: dispatches to one {@link Subcommand} per verb. */
public final class Main {

  private static final Map<String, Subcommand> VERBS = new LinkedHashMap<>();

  static {
    VERBS.put("render", new RenderVerb());
    VERBS.put("lint", new LintVerb());
    VERBS.put("validate", new ValidateVerb());
    VERBS.put("verify", new VerifyVerb());
    VERBS.put("upgrade-check", new UpgradeCheckVerb());
    VERBS.put("up", new UpVerb());
    VERBS.put("down", new DownVerb());
    VERBS.put("bench", new BenchVerb());
    VERBS.put("docs", new DocsVerb());
    VERBS.put("publish", new PublishVerb());
  }

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  /** Runs one command line; returns the exit code (0 success, 1 failure found, 2 usage error). */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("help")) {
      usage(args.isEmpty() ? err : out);
      return args.isEmpty() ? 2 : 0;
    }
    Subcommand verb = VERBS.get(args.get(0));
    if (verb == null) {
      err.println("unknown command: " + args.get(0));
      usage(err);
      return 2;
    }
    if (args.subList(1, args.size()).contains("--help") || args.subList(1, args.size()).contains("-h")) {
      out.println("usage: chart-harness " + verb.synopsis());
      return 0;
    }
    try {
      return verb.run(args.subList(1, args.size()), out, err);
    } catch (UsageException e) {
      err.println(args.get(0) + ": " + e.getMessage());
      err.println("usage: chart-harness " + verb.synopsis());
      return 2;
    } catch (RuntimeException e) {
      err.println(args.get(0) + ": " + e.getMessage());
      return 1;
    }
  }

  private static void usage(PrintStream out) {
    out.println("usage: java -jar chart-harness.jar COMMAND ...");
    VERBS.values().forEach(verb -> out.println("  " + verb.synopsis()));
  }
}
