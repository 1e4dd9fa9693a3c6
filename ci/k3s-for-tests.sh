#!/usr/bin/env bash
# Run by `./mvnw verify` around the ITs (pre- and post-integration-test): the k3s backend's prerequisites.
#
#   ci/k3s-for-tests.sh start CLUSTER   a Docker engine (reused, or started: ci/docker-engine.sh) and the k3s image
#                                       (ci/k3s-image.sh: built once per version, then seconds)
#   ci/k3s-for-tests.sh stop CLUSTER    stops the engine if start started it; nothing is left running
#
# CLUSTER is the run's -Dharness.cluster: the tests on k3s run for local and auto (the default: every backend);
# none, real-pods, k3s with someone else's image, or a kubeconfig need nothing from here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
action=${1:?usage: k3s-for-tests.sh start|stop CLUSTER}
cluster=${2:-auto}
case $cluster in
  local|auto|k3s) ;;
  *) echo "[k3s-for-tests] -Dharness.cluster=$cluster: no k3s this run"; exit 0 ;;
esac
case $action in
  start) "$here/docker-engine.sh" start >/dev/null; "$here/k3s-image.sh" ;;
  stop) "$here/docker-engine.sh" stop ;;
  *) echo "usage: k3s-for-tests.sh start|stop CLUSTER" >&2; exit 2 ;;
esac
