package dev.chartharness.cluster.realnode;

import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.cluster.LocalPathProvisioner;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * What a detached real-pods cluster still needs from a JVM once {@code up --detach} has exited: the machine's
 * real-node lock (so that no second node with the same veth pair starts beside it) and the
 * local-path provisioner. Run as its own process ({@code java -cp <harness> ...DetachedNodeKeeper KUBECONFIG
 * VOLUMES}); it owns the node's directory until {@code down} stops it with the node.
 */
public final class DetachedNodeKeeper {

  private DetachedNodeKeeper() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: DetachedNodeKeeper KUBECONFIG VOLUMES_DIRECTORY");
      System.exit(2);
    }
    Path kubeconfig = Path.of(args[0]);
    Path volumes = Path.of(args[1]);
    // Blocks until the detaching JVM lets the lock go, then holds it for as long as the node runs.
    RealPodsCluster.holdLockForever();
    KubernetesClient client = EphemeralCluster.clientFor(kubeconfig);
    LocalPathProvisioner provisioner = new LocalPathProvisioner(client, volumes, LocalNode.NAME, LocalPathProvisioner.Directories.onHost()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(provisioner::close, "stop-provisioner"));
    System.out.println("keeping the detached real node: lock held, local-path provisioner running for " + volumes);
    Thread.currentThread().join();
  }
}
