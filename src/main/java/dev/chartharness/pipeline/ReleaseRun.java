package dev.chartharness.pipeline;

import java.time.Duration;

/**
 * One release of a {@link ScaleRun}: a copy of one application in a namespace of its own.
 *
 * @param release the release name
 * @param copy which copy, from 1
 * @param namespace the namespace it went into (null when it was not created)
 * @param elapsed its own time: namespace, install {@code --wait}, verify
 * @param passed true when it installed and every check passed
 * @param failure what went wrong (Helm's message, or the failed checks and the diagnosis); null when it passed
 */
public record ReleaseRun(String release, int copy, String namespace, Duration elapsed, boolean passed, String failure) {
}
