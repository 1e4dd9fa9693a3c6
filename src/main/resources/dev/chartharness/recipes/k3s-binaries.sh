#!/usr/bin/env bash
# Builds k3s from Go modules, once per version, for the k3s image (k3s-image.sh) that the Testcontainers
# backend runs: the k3s multi-call binary (server, agent, kubectl, crictl, ctr and an embedded containerd)
# with upstream's build tags except seccomp (libseccomp's headers are not installed; runc, from Debian,
# applies the profiles), and containerd's runc shim from the same module graph.
#
# The module proxy serves one k3s release, v1.31.0+k3s1, as the pseudo-version go/k3s/go.mod pins.
# Cold: about 20 minutes on 2 cores (about 3,800 packages); later runs reuse $CACHE/bin/k3s-<version>/.
set -euo pipefail

recipes=$(cd "$(dirname "$0")" && pwd)
label=k3s-binaries
. "$recipes/lib/go-build.sh"

k3s=v1.31.0+k3s1
pinned=$(module_version k3s github.com/k3s-io/k3s)
[ "$pinned" = v1.31.1-0.20240829224721-34be6d96d17d ] \
  || { say "go/k3s/go.mod pins $pinned, which is not the $k3s this recipe names"; exit 1; }

command -v gcc >/dev/null || { say "gcc not found: k3s builds with CGO (sqlite for its datastore)"; exit 1; }

vpkg=github.com/k3s-io/k3s/pkg/version
# Without UpstreamGolang the server exits with "kubernetes golang build version not set".
stamp="-X $vpkg.Version=$k3s -X $vpkg.GitCommit=34be6d96 -X $vpkg.UpstreamGolang=$(go env GOVERSION)"
stamp+=" -X github.com/containerd/containerd/version.Version=v1.7.20-k3s1"
stamp+=" -X github.com/containerd/containerd/version.Package=github.com/k3s-io/containerd"

cgo=1 build k3s "$k3s" k3s "ctrd apparmor netcgo osusergo providerless urfave_cli_no_docs" "$stamp" \
  k3s=github.com/k3s-io/k3s/cmd/server
build k3s "$k3s" k3s "" "" containerd-shim-runc-v2=github.com/containerd/containerd/cmd/containerd-shim-runc-v2

manifest=$bin/k3s.properties
cat > "$manifest.tmp" <<PROPERTIES
# Written by the recipe k3s-binaries.sh; read by k3s-image.sh.
k3s.version=$k3s
k3s=$bin/k3s-$k3s/k3s
containerd-shim-runc-v2=$bin/k3s-$k3s/containerd-shim-runc-v2
PROPERTIES
mv "$manifest.tmp" "$manifest"
"$bin/k3s-$k3s/k3s" --version
say "ready: $manifest"
