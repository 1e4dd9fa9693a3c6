#!/usr/bin/env bash
# Builds the local control plane (Kubernetes, etcd, KWOK) from Go modules, once per version.
#
# Binaries land in $CACHE/bin/<component>-<version>/ and are reused on every later run; the
# harness finds them through $CACHE/bin/local-control-plane.properties, written last.
# CACHE is $CHART_HARNESS_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/chart-harness.
set -euo pipefail

ci=$(cd "$(dirname "$0")" && pwd)
cache=${CHART_HARNESS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/chart-harness}
bin=$cache/bin
mkdir -p "$bin"

# The version each wrapper module pins is the single source of truth.
module_version() { awk -v m="$2" '$1 == "require" && $2 == m { print $3; exit } $1 == m && $2 ~ /^v/ { print $2; exit }' "$ci/go/$1/go.mod"; }
k8s=$(module_version kubernetes k8s.io/kubernetes)
etcd=$(module_version etcd go.etcd.io/etcd/server/v3)
kwok=$(module_version kwok sigs.k8s.io/kwok)

started=$(date +%s)
say() { printf '[cluster-binaries %4ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }

# build NAME VERSION MODULE_DIR LDFLAGS BINARY=PACKAGE...: skips binaries already cached.
build() {
  local name=$1 version=$2 module=$3 ldflags=$4; shift 4
  local out=$bin/$name-$version missing=() target
  for target in "$@"; do [ -x "$out/${target%%=*}" ] || missing+=("$target"); done
  if [ ${#missing[@]} -eq 0 ]; then say "$name $version: cached in $out"; return; fi
  mkdir -p "$out"
  # A background ticker keeps the long, silent compile visibly alive.
  ( while sleep 60; do say "$name $version: still compiling"; done ) & local ticker=$!
  for target in "${missing[@]}"; do
    say "$name $version: building ${target%%=*} (the first build takes minutes on 2 cores; later runs reuse it)"
    # Build to a temporary name so an interrupted build never leaves a half-written binary.
    if ! (cd "$ci/go/$module" && CGO_ENABLED=0 go build -trimpath -tags selinux,notest \
          -ldflags "-s -w $ldflags" -o "$out/${target%%=*}.partial" "${target#*=}"); then
      kill $ticker 2>/dev/null; say "$name $version: building ${target%%=*} failed"; exit 1
    fi
    mv "$out/${target%%=*}.partial" "$out/${target%%=*}"
  done
  kill $ticker 2>/dev/null || true
  say "$name $version: built into $out"
}

k8s_minor=${k8s#v1.}; k8s_minor=${k8s_minor%%.*}
stamp=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  stamp+=" -X $pkg.gitVersion=$k8s -X $pkg.gitMajor=1 -X $pkg.gitMinor=$k8s_minor"
  stamp+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done

build etcd "$etcd" etcd "" etcd=go.etcd.io/etcd/server/v3
build kwok "$kwok" kwok "" kwok=sigs.k8s.io/kwok/cmd/kwok kwokctl=sigs.k8s.io/kwok/cmd/kwokctl
build kubernetes "$k8s" kubernetes "$stamp" \
  kube-apiserver=k8s.io/kubernetes/cmd/kube-apiserver \
  kube-controller-manager=k8s.io/kubernetes/cmd/kube-controller-manager \
  kube-scheduler=k8s.io/kubernetes/cmd/kube-scheduler kubectl=k8s.io/kubernetes/cmd/kubectl

manifest=$bin/local-control-plane.properties
cat > "$manifest.tmp" <<EOF
# Written by ci/cluster-binaries.sh; read by the harness's local control plane backend.
kubernetes.version=$k8s
etcd.version=$etcd
kwok.version=$kwok
kube-apiserver=$bin/kubernetes-$k8s/kube-apiserver
kube-controller-manager=$bin/kubernetes-$k8s/kube-controller-manager
kube-scheduler=$bin/kubernetes-$k8s/kube-scheduler
kubectl=$bin/kubernetes-$k8s/kubectl
etcd=$bin/etcd-$etcd/etcd
kwok=$bin/kwok-$kwok/kwok
kwokctl=$bin/kwok-$kwok/kwokctl
EOF
mv "$manifest.tmp" "$manifest"
"$bin/kubernetes-$k8s/kube-apiserver" --version
say "ready: $manifest"
