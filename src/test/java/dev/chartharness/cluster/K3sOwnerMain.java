package dev.chartharness.cluster;

/** A process that starts a k3s cluster and waits to be killed (K3sAbandonedIT kills it with SIGKILL). */
public final class K3sOwnerMain {

  private K3sOwnerMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    K3sCluster.defaultImage().withImages().start();
    System.out.println("k3s started");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
