#!/usr/bin/env bash
# Builds the Helm 4 CLI from Go modules, once per version: the reference the harness renders against
# (parity tests, bench) and the CLI release backend. The version is the one go/helm/go.mod pins.
#
# The binary lands in $CACHE/bin/helm-<version>/helm; $CACHE/bin/helm.properties names it.
set -euo pipefail

recipes=$(cd "$(dirname "$0")" && pwd)
label=helm-binaries
. "$recipes/lib/go-build.sh"

helm=$(module_version helm helm.sh/helm/v4)
# Helm's Makefile stamps the version; without it `helm version` says v4.x with no patch level.
stamp="-X helm.sh/helm/v4/internal/version.version=$helm -X helm.sh/helm/v4/internal/version.gitTreeState=clean"

build helm "$helm" helm "" "$stamp" helm=helm.sh/helm/v4/cmd/helm

manifest=$bin/helm.properties
cat > "$manifest.tmp" <<PROPERTIES
# Written by the recipe helm-binaries.sh; read by the harness (parity tests, bench, the Helm CLI backend).
helm.version=$helm
helm=$bin/helm-$helm/helm
PROPERTIES
mv "$manifest.tmp" "$manifest"
"$bin/helm-$helm/helm" version --short
say "ready: $manifest"
