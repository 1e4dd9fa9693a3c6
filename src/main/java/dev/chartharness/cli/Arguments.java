package dev.chartharness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The command line after the verb: positional arguments, repeatable {@code -f FILE} and {@code --set K=V}, and {@code --name value} options. */
final class Arguments {

  private final List<String> positional = new ArrayList<>();
  private final List<Path> valuesFiles = new ArrayList<>();
  private final Map<String, String> setValues = new LinkedHashMap<>();
  private final Map<String, List<String>> options = new LinkedHashMap<>();

  private Arguments() {
  }

  /**
   * Parses {@code args}; {@code valued} are options that take a value, {@code flags} those that do not.
   * An unknown option is an error naming it.
   */
  static Arguments parse(List<String> args, Set<String> valued, Set<String> flags) {
    Arguments parsed = new Arguments();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-f") || arg.equals("--values")) {
        parsed.valuesFiles.add(Path.of(value(args, ++i, arg)));
      } else if (arg.equals("--set")) {
        String assignment = value(args, ++i, arg);
        if (!assignment.contains("=")) {
          throw new UsageException("--set takes KEY=VALUE, got " + assignment);
        }
        parsed.setValues.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
      } else if (arg.startsWith("--") && arg.contains("=")) {
        String name = arg.substring(2, arg.indexOf('='));
        requireKnown(name, valued);
        parsed.put(name, arg.substring(arg.indexOf('=') + 1));
      } else if (arg.startsWith("--")) {
        String name = arg.substring(2);
        if (flags.contains(name)) {
          parsed.put(name, "true");
        } else {
          requireKnown(name, valued);
          parsed.put(name, value(args, ++i, arg));
        }
      } else if (arg.startsWith("-") && arg.length() > 1) {
        throw new UsageException("unknown option " + arg);
      } else {
        parsed.positional.add(arg);
      }
    }
    return parsed;
  }

  private void put(String name, String value) {
    options.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
  }

  private static void requireKnown(String name, Set<String> valued) {
    if (!valued.contains(name)) {
      throw new UsageException("unknown option --" + name);
    }
  }

  private static String value(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new UsageException(option + " needs a value");
    }
    return args.get(index);
  }

  List<String> positional() {
    return positional;
  }

  String requiredPositional(int index, String name) {
    if (positional.size() <= index) {
      throw new UsageException("missing " + name);
    }
    return positional.get(index);
  }

  List<Path> valuesFiles() {
    return valuesFiles;
  }

  /** {@code --set KEY=VALUE} values, in order. */
  Map<String, String> setValues() {
    return setValues;
  }

  /** The option's value (the last one when given more than once). */
  Optional<String> option(String name) {
    List<String> values = options.get(name);
    return values == null ? Optional.empty() : Optional.of(values.get(values.size() - 1));
  }

  /** Every value of a repeatable option, in order. */
  List<String> options(String name) {
    return options.getOrDefault(name, List.of());
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }
}
