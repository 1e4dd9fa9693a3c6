package dev.chartharness.validate;

/**
 * Where an Ingress sends one request: the rule and path that won, and the backend Service port.
 *
 * @param host the request's host
 * @param path the request's path
 * @param matchedPath the Ingress path that matched (longest wins), empty for the default backend
 * @param pathType Exact, Prefix or ImplementationSpecific; empty for the default backend
 * @param service the backend Service's name
 * @param port the backend port: a number, or a port name
 */
public record RouteResolution(String host, String path, String matchedPath, String pathType, String service, String port) {

  @Override
  public String toString() {
    return host + path + " -> " + service + ":" + port + (matchedPath.isEmpty() ? " (default backend)" : " (" + pathType + " " + matchedPath + ")");
  }
}
