#!/usr/bin/env bash
# Everything this repository's real-pods and k3s tests need: the harness's own recipe (packages, control plane,
# node, CoreDNS, Traefik, base images; src/main/resources/dev/chartharness/recipes/real-node.sh), then this
# repository's application images (ci/images/build-images.sh). Idempotent; seconds when all is cached.
set -euo pipefail
ci=$(cd "$(dirname "$0")" && pwd)
"$ci/../src/main/resources/dev/chartharness/recipes/real-node.sh"
"$ci/images/build-images.sh"
