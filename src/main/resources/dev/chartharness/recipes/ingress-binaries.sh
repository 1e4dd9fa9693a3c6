#!/usr/bin/env bash
# Builds the in-cluster services of a real-pods cluster from Go modules, once per version: CoreDNS
# (cluster DNS) and Traefik v3 (ingress controller). Groundwork for the real-pods backend
# ; the images that wrap these static binaries are made elsewhere.
#
# Binaries land in $CACHE/bin/<component>-<version>/; $CACHE/bin/local-ingress.properties lists them.
set -euo pipefail

recipes=$(cd "$(dirname "$0")" && pwd)
label=ingress-binaries
. "$recipes/lib/go-build.sh"

coredns=$(module_version coredns github.com/coredns/coredns)
traefik=$(module_version traefik github.com/traefik/traefik/v3)

# CoreDNS prints "CoreDNS-<coremain.CoreVersion>" plus GitCommit in its -version output; its Makefile
# stamps only GitCommit (the other -X variables there come from git and stay empty here).
dstamp="-X github.com/coredns/coredns/coremain.GitCommit=module-proxy-$coredns"
# Traefik's release build (goreleaser) stamps the version without the leading v, plus the codename
# of the minor (3.6: ramequin, from its .github/workflows/release.yaml) and a build date.
tpkg=github.com/traefik/traefik/v3/pkg/version
tstamp="-X $tpkg.Version=${traefik#v} -X $tpkg.Codename=ramequin -X $tpkg.BuildDate=1970-01-01T00:00:00Z"

build coredns "$coredns" coredns "" "$dstamp" coredns=github.com/coredns/coredns
build traefik "$traefik" traefik "" "$tstamp" traefik=github.com/traefik/traefik/v3/cmd/traefik

manifest=$bin/local-ingress.properties
cat > "$manifest.tmp" <<PROPERTIES
# Written by the recipe ingress-binaries.sh (real-pods groundwork).
coredns.version=$coredns
traefik.version=$traefik
coredns=$bin/coredns-$coredns/coredns
traefik=$bin/traefik-$traefik/traefik
PROPERTIES
mv "$manifest.tmp" "$manifest"
"$bin/coredns-$coredns/coredns" -version
"$bin/traefik-$traefik/traefik" version
say "ready: $manifest"
