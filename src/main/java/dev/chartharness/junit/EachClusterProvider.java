package dev.chartharness.junit;

import dev.chartharness.cluster.ClusterSelection;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** The extension behind {@link EachCluster}: one invocation of the class per backend, which the cluster extension reads. */
final class EachClusterProvider implements ClassTemplateInvocationContextProvider {

  @Override
  public boolean supportsClassTemplate(ExtensionContext context) {
    return AnnotationSupport.isAnnotated(context.getRequiredTestClass(), EachCluster.class);
  }

  @Override
  public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
    EachCluster each = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), EachCluster.class).orElseThrow();
    return backends(Arrays.asList(each.value()), ClusterSelection.current()).stream().map(EachClusterProvider::invocation);
  }

  /** The backends a run covers: all listed, unless it selected one backend of its own. */
  static List<ClusterSelection> backends(List<String> listed, ClusterSelection run) {
    if (listed.isEmpty()) {
      throw new IllegalArgumentException("@EachCluster lists no backend");
    }
    return switch (run.kind()) {
      case AUTO, LOCAL, NONE -> listed.stream().map(ClusterSelection::parse).toList();
      default -> List.of(run);
    };
  }

  private static ClassTemplateInvocationContext invocation(ClusterSelection backend) {
    return new ClassTemplateInvocationContext() {
      @Override
      public String getDisplayName(int invocationIndex) {
        return "[" + backend + "]";
      }

      @Override
      public void prepareInvocation(ExtensionContext context) {
        context.getStore(EphemeralClusterExtension.STORE).put(EphemeralClusterExtension.BACKEND, backend);
      }
    };
  }
}
