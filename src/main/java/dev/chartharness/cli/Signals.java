package dev.chartharness.cli;

import com.marcnuri.helm.Helm;
import java.util.List;
import sun.misc.Signal;

/**
 * Hands SIGINT, SIGTERM and SIGHUP back to the JVM. The Go runtime inside helm-java's native library
 * installs its own handlers when it loads and then swallows them, so Ctrl-C would no longer run the
 * shutdown hooks that stop clusters. Loading Helm first, then re-installing the handlers, fixes the order.
 */
final class Signals {

  private static boolean loaded;

  private Signals() {
  }

  /** Loads Helm's runtime if needed, then (re-)installs the JVM's handlers; Helm operations may take them again. */
  static synchronized void shutDownOnInterrupt() {
    if (!loaded) {
      Helm.version().call();
      loaded = true;
    }
    for (String name : List.of("INT", "TERM", "HUP")) {
      Signal.handle(new Signal(name), signal -> System.exit(128 + signal.getNumber()));
    }
  }
}
