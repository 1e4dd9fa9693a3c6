package dev.chartharness.validate;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a request (host, path) against an Ingress the way networking.k8s.io/v1 defines it:
 * the rule whose host matches (exact, or a {@code *.} wildcard of one label, or no host), then the
 * longest matching path, Exact before Prefix at equal length, Prefix matching whole path elements;
 * otherwise the default backend.
 */
public final class IngressRoutes {

  private IngressRoutes() {
  }

  public static Optional<RouteResolution> resolve(Ingress ingress, String host, String path) {
    List<IngressRule> rules = ingress.getSpec() == null || ingress.getSpec().getRules() == null ? List.of() : ingress.getSpec().getRules();
    RouteResolution best = null;
    int bestScore = -1;
    for (IngressRule rule : rules) {
      if (!hostMatches(rule.getHost(), host) || rule.getHttp() == null) {
        continue;
      }
      for (HTTPIngressPath candidate : rule.getHttp().getPaths()) {
        String rulePath = candidate.getPath() == null ? "/" : candidate.getPath();
        String type = candidate.getPathType() == null ? "ImplementationSpecific" : candidate.getPathType();
        if (!pathMatches(type, rulePath, path)) {
          continue;
        }
        // Longer paths win; at equal length an Exact match wins over a prefix.
        int score = rulePath.length() * 2 + ("Exact".equals(type) ? 1 : 0);
        IngressServiceBackend service = candidate.getBackend() == null ? null : candidate.getBackend().getService();
        if (score > bestScore && service != null) {
          best = new RouteResolution(host, path, rulePath, type, service.getName(), port(service));
          bestScore = score;
        }
      }
    }
    if (best != null) {
      return Optional.of(best);
    }
    IngressBackend fallback = ingress.getSpec() == null ? null : ingress.getSpec().getDefaultBackend();
    if (fallback != null && fallback.getService() != null) {
      return Optional.of(new RouteResolution(host, path, "", "", fallback.getService().getName(), port(fallback.getService())));
    }
    return Optional.empty();
  }

  static boolean hostMatches(String ruleHost, String host) {
    if (ruleHost == null || ruleHost.isEmpty()) {
      return true;
    }
    if (ruleHost.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot).equals(ruleHost.substring(1));
    }
    return ruleHost.equalsIgnoreCase(host);
  }

  static boolean pathMatches(String pathType, String rulePath, String path) {
    if ("Exact".equals(pathType)) {
      return rulePath.equals(path);
    }
    if ("/".equals(rulePath)) {
      return true;
    }
    String prefix = rulePath.endsWith("/") ? rulePath.substring(0, rulePath.length() - 1) : rulePath;
    // Prefix matches element-wise: /api matches /api and /api/x, not /apis.
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }

  private static String port(IngressServiceBackend service) {
    if (service.getPort() == null) {
      return "";
    }
    return service.getPort().getNumber() != null ? String.valueOf(service.getPort().getNumber()) : service.getPort().getName();
  }
}
