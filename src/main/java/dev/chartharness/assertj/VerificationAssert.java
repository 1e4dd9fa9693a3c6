package dev.chartharness.assertj;

import dev.chartharness.verify.NotesWalkthrough;
import dev.chartharness.verify.VerificationReport;
import dev.chartharness.verify.VerifiedCheck;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Assertions over a live release's verification; failures print the whole report and its diagnosis once. */
public class VerificationAssert extends AbstractAssert<VerificationAssert, VerificationReport> {

  VerificationAssert(VerificationReport actual) {
    super(actual, VerificationAssert.class);
  }

  /** Every check passed. */
  public VerificationAssert isVerified() {
    isNotNull();
    if (!actual.passed()) {
      failWithMessage("Expecting release %s to verify but %d checks failed:%n%s", actual.release().name(), actual.failures().size(), actual.describe());
    }
    return this;
  }

  /** A passing check of this kind on this object (e.g. {@code "ready-endpoints", "Service/journal-frontend"}). */
  public VerificationAssert passed(String check, String object) {
    List<VerifiedCheck> matching = actual.checks().stream().filter(c -> c.check().equals(check) && c.object().equals(object)).toList();
    if (matching.isEmpty()) {
      failWithMessage("Expecting a %s check of %s but the checks were:%n%s", check, object, actual.describe());
    }
    if (!matching.stream().allMatch(VerifiedCheck::passed)) {
      failWithMessage("Expecting %s of %s to pass but:%n%s", check, object, actual.describe());
    }
    return this;
  }

  /** The Ingress sends {@code host+path} to {@code service:port}, which has ready endpoints. */
  public VerificationAssert routes(String ingress, String hostAndPath, String service, int port) {
    String object = "Ingress/" + ingress + " " + hostAndPath;
    passed("ingress-route", object);
    boolean reachesService = actual.checks().stream().anyMatch(c -> c.object().equals(object) && c.detail().contains("-> " + service + ":" + port + " "));
    if (!reachesService) {
      failWithMessage("Expecting %s to reach %s:%d but the checks were:%n%s", object, service, port, actual.describe());
    }
    return this;
  }

  /**
   * The NOTES command containing {@code fragment} (e.g. {@code "exec -it journal-redis-0"}) was run and passed:
   * a {@code notes-command} check that passed without {@code not run:}.
   */
  public VerificationAssert ranNotesCommand(String fragment) {
    List<VerifiedCheck> matching = actual.checks().stream()
        .filter(c -> c.check().equals(NotesWalkthrough.CHECK) && c.object().contains(fragment)).toList();
    if (matching.isEmpty()) {
      failWithMessage("Expecting a NOTES command containing \"%s\" but the checks were:%n%s", fragment, actual.describe());
    }
    if (!matching.stream().allMatch(c -> c.passed() && !c.detail().startsWith(NotesWalkthrough.NOT_RUN))) {
      failWithMessage("Expecting the NOTES command containing \"%s\" to run and pass but:%n%s", fragment, actual.describe());
    }
    return this;
  }
}
