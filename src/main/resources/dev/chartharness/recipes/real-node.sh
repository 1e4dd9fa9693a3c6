#!/usr/bin/env bash
# Everything the real-pods cluster backend needs on this machine, installed or built once and then reused:
#   - Debian packages: runc, the CNI plugins (bridge, host-local, portmap, loopback), iptables, conntrack
#   - the control plane (cluster-binaries.sh), kubelet/kube-proxy/containerd (node-binaries.sh),
#     CoreDNS/Traefik (ingress-binaries.sh): Go builds from the module proxy, cached per version
#   - the cluster's own images (images/build-base-images.sh: pause, CoreDNS, Traefik): OCI tarballs, rebuilt
#     only when their inputs change. Application images are the user's (RealPodsCluster.withImages).
# The harness runs this before every real-pods cluster (a second or so when all is cached; builds print progress).
# Cold: about 20 minutes on 2 cores (Traefik alone takes 9); see docs/real-pods.md.
set -euo pipefail

recipes=$(cd "$(dirname "$0")" && pwd)
started=$(date +%s)
say() { printf '[real-node %4ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian package -> a file it installs; installed together when any file is missing.
declare -A wanted=(
  [runc]=/usr/sbin/runc
  [containernetworking-plugins]=/usr/lib/cni/portmap
  [iptables]=/usr/sbin/iptables
  [conntrack]=/usr/sbin/conntrack
)
missing=()
for package in "${!wanted[@]}"; do [ -e "${wanted[$package]}" ] || missing+=("$package"); done
if [ ${#missing[@]} -gt 0 ]; then
  if ! apt-cache policy runc 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    as_root apt-get update -qq
  fi
  say "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

"$recipes/cluster-binaries.sh"
"$recipes/node-binaries.sh"
"$recipes/ingress-binaries.sh"
"$recipes/images/build-base-images.sh"
say "ready"
