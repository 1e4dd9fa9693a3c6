package dev.chartharness.cli;

import java.io.PrintStream;
import java.util.List;

/** One verb of the command line: a thin shell over a library call. */
interface Subcommand {

  /** {@code validate CHART_DIR [-f VALUES]...}: the one-line synopsis. */
  String synopsis();

  /** Runs the verb; returns the process exit code. */
  int run(List<String> args, PrintStream out, PrintStream err);
}
