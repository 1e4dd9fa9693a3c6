package dev.chartharness.validate;

import dev.chartharness.render.RenderedRelease;
import java.util.List;

/** One family of offline checks over a rendered release. Pure: no cluster, no I/O. */
public interface Check {

  /** The rule name findings carry ({@code schema}, {@code references}, ...). */
  String rule();

  List<Finding> check(RenderedRelease release, Policy policy);
}
