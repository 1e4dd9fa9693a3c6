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
   * Parses {@code args}; {@code valued} are options that take a value, {@code flags} those that do not. A verb
   * that takes values files lists {@code values} (for {@code -f}/{@code --values}), one that takes {@code --set}
   * lists {@code set}. An unknown option is an error naming it.
   */
  static Arguments parse(List<String> args, Set<String> valued, Set<String> flags) {
    Arguments parsed = new Arguments();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-f") || arg.equals("--values") || arg.startsWith("--values=")) {
        requireKnown("values", valued, arg);
        parsed.valuesFiles.add(Path.of(arg.startsWith("--values=") ? arg.substring("--values=".length()) : value(args, ++i, arg)));
      } else if (arg.equals("--set") || arg.startsWith("--set=")) {
        requireKnown("set", valued, arg);
        parsed.addSet(arg.startsWith("--set=") ? arg.substring("--set=".length()) : value(args, ++i, arg));
      } else if (arg.startsWith("--") && arg.contains("=")) {
        String name = arg.substring(2, arg.indexOf('='));
        String value = arg.substring(arg.indexOf('=') + 1);
        if (flags.contains(name)) {
          // As Helm's flags: --manifest=true or --manifest=false.
          if (!value.equals("true") && !value.equals("false")) {
            throw new UsageException("--" + name + " takes no value (or true/false), got " + value);
          }
          if (value.equals("true")) {
            parsed.put(name, "true");
          }
          continue;
        }
        requireKnown(name, valued);
        parsed.put(name, value);
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

  /**
   * {@code a=1,b=2} sets two keys, as Helm's {@code --set} does; a comma inside {@code {...}} or {@code [...]}, or
   * escaped as {@code \,}, stays in the value. Every pair needs a key.
   */
  private void addSet(String assignments) {
    List<String> pairs = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < assignments.length(); i++) {
      char c = assignments.charAt(i);
      if (c == '\\' && i + 1 < assignments.length()) {
        current.append(c).append(assignments.charAt(++i));
      } else if (c == ',' && depth == 0) {
        pairs.add(current.toString());
        current.setLength(0);
      } else {
        depth += c == '{' || c == '[' ? 1 : c == '}' || c == ']' ? -1 : 0;
        current.append(c);
      }
    }
    pairs.add(current.toString());
    for (String pair : pairs) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new UsageException("--set takes KEY=VALUE[,KEY=VALUE...], got \"" + assignments + "\"" + (equals == 0 ? " (a key is empty)" : ""));
      }
      setValues.put(pair.substring(0, equals), pair.substring(equals + 1));
    }
  }

  private static void requireKnown(String name, Set<String> valued) {
    requireKnown(name, valued, "--" + name);
  }

  private static void requireKnown(String name, Set<String> valued, String given) {
    if (!valued.contains(name)) {
      throw new UsageException("unknown option " + given + (name.equals("set") || name.equals("values") ? " (this command takes no values)" : ""));
    }
  }

  private static String value(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new UsageException(option + " needs a value");
    }
    String value = args.get(index);
    if (value.startsWith("--")) {
      throw new UsageException(option + " needs a value, got the option " + value);
    }
    return value;
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

  /** {@code value} of option {@code --name} as a positive whole number; a usage error naming the option otherwise. */
  static int positiveNumber(String name, String value) {
    try {
      int number = Integer.parseInt(value.strip());
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException ignored) {
      // Reported below, naming the option.
    }
    throw new UsageException("--" + name + " takes a positive whole number, got \"" + value + "\"");
  }
}
