package dev.chartharness.cli;

import dev.chartharness.cluster.DetachedCluster;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code down [NAME]}: stops clusters that {@code up --detach} left running (all of them without a name). */
final class DownVerb implements Subcommand {

  @Override
  public String synopsis() {
    return "down [NAME]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments = Arguments.parse(args, Set.of(), Set.of());
    List<DetachedCluster> clusters = DetachedCluster.all().stream()
        .filter(cluster -> arguments.positional().isEmpty() || arguments.positional().contains(cluster.name())).toList();
    if (clusters.isEmpty()) {
      out.println(arguments.positional().isEmpty() ? "no detached clusters" : "no detached cluster named " + arguments.positional());
      return arguments.positional().isEmpty() ? 0 : 1;
    }
    for (DetachedCluster cluster : clusters) {
      cluster.delete();
      out.println("removed " + cluster.backend() + " cluster " + cluster.name());
    }
    return 0;
  }
}
