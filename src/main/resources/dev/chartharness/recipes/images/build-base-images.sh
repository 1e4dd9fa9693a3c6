#!/usr/bin/env bash
# The images every real-pods cluster runs, whatever the charts: pause (the pod sandbox), CoreDNS (cluster DNS)
# and Traefik (the ingress controller), as OCI tarballs in $CACHE/images (see lib.sh):
#   pause    static Go program (sleeps until SIGTERM/SIGINT, reaps children), user 65535
#   coredns, traefik  the static binaries ingress-binaries.sh built, uid 65532
# Application images are the user's: RealPodsCluster.withImages(...) imports them.
#
# Usage: build-base-images.sh [pause|coredns|traefik]...   (default: all)
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

build_pause() {
  local tag=3.10 fp t0=$(date +%s)
  staged_debs=()
  fp=$(inputs pause "$images_lib/pause/pause.go"; go version)
  if cached pause "$tag" "$fp"; then say "pause: cached $out/pause-$tag.tar"; return; fi
  command -v go >/dev/null || die "go not found (needed for the pause image)"
  say "pause $tag: building static binary"
  rm -rf "$work/pause"; mkdir -p "$work/pause/rootfs"
  (cd "$images_lib/pause" && CGO_ENABLED=0 GOOS=linux GOARCH=amd64 GOFLAGS=-mod=mod GOTOOLCHAIN=local \
     go build -trimpath -ldflags "-s -w" -o "$work/pause/rootfs/pause" pause.go)
  pack pause "$tag" "$fp" --entrypoint '["/pause"]' --user 65535:65535 --env PATH=/
}

build_coredns() { binary_image coredns coredns --workdir / --port 53/udp --port 53/tcp; }
build_traefik() { binary_image traefik traefik --workdir / --port 8000/tcp --port 9000/tcp; }

names=("$@")
[ ${#names[@]} -gt 0 ] || names=(pause coredns traefik)
build_images "${names[@]}"
