package dev.chartharness.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

  @TempDir
  Path temp;

  @Test
  void theOwnerFileGoesAfterEverythingElseSoAHalfDoneDeleteStillNamesItsOwner() throws IOException {
    Path root = cluster();
    List<Path> order = FileTrees.deletionOrder(root, "owner.pid");
    assertThat(order).hasSize(6).endsWith(root.resolve("owner.pid"), root);
    assertThat(order.indexOf(root.resolve("clusters/c1/logs/etcd.log"))).isLessThan(order.indexOf(root.resolve("clusters/c1/logs")));
    // Plain delete: "owner.pid" sorts after "clusters" in reverse order, so it would go first.
    assertThat(FileTrees.deletionOrder(root, null).indexOf(root.resolve("owner.pid"))).isZero();
  }

  @Test
  void deleteLastRemovesTheWholeTree() throws IOException {
    Path root = cluster();
    FileTrees.deleteLast(root, "owner.pid");
    assertThat(root).doesNotExist();
    FileTrees.deleteLast(root, "owner.pid");
    assertThat(FileTrees.deletionOrder(root, "owner.pid")).isEmpty();
  }

  private Path cluster() throws IOException {
    Path root = Files.createDirectory(temp.resolve("chart-harness-kwok-1"));
    Files.writeString(root.resolve("owner.pid"), "1");
    Files.createDirectories(root.resolve("clusters/c1/logs"));
    Files.writeString(root.resolve("clusters/c1/logs/etcd.log"), "");
    return root;
  }
}
