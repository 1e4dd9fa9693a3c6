package dev.chartharness.verify;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** {@code kubectl exec POD -c CONTAINER -- sh -c SCRIPT} through the API server and the kubelet. */
final class PodExec {

  private PodExec() {
  }

  /** Standard output of a shell script in the container; fails with its exit code and standard error. */
  static String sh(KubernetesClient client, String namespace, String pod, String container, String script) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ExecWatch watch = client.pods().inNamespace(namespace).withName(pod).inContainer(container)
        .writingOutput(out).writingError(err).exec("sh", "-c", script)) {
      int exit = watch.exitCode().get(60, TimeUnit.SECONDS);
      if (exit != 0) {
        throw new IllegalStateException("exec in " + namespace + "/" + pod + " [" + container + "] exited " + exit + ": "
            + err.toString(StandardCharsets.UTF_8).strip());
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("exec in " + namespace + "/" + pod + " did not finish: " + e.getMessage(), e);
    }
  }
}
