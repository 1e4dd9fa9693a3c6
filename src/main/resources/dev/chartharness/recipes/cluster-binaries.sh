#!/usr/bin/env bash
# Builds the local control plane (Kubernetes, etcd, KWOK) from Go modules, once per version.
#
# Binaries land in $CACHE/bin/<component>-<version>/ and are reused on every later run; the
# harness finds them through $CACHE/bin/local-control-plane.properties, written last.
# CACHE is $CHART_HARNESS_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/chart-harness.
set -euo pipefail

recipes=$(cd "$(dirname "$0")" && pwd)
label=cluster-binaries
. "$recipes/lib/go-build.sh"

k8s=$(module_version kubernetes k8s.io/kubernetes)
etcd=$(module_version etcd go.etcd.io/etcd/server/v3)
kwok=$(module_version kwok sigs.k8s.io/kwok)

build etcd "$etcd" etcd "" "" etcd=go.etcd.io/etcd/server/v3
build kwok "$kwok" kwok "" "" kwok=sigs.k8s.io/kwok/cmd/kwok kwokctl=sigs.k8s.io/kwok/cmd/kwokctl
build kubernetes "$k8s" kubernetes selinux,notest "$(kubernetes_stamp "$k8s")" \
  kube-apiserver=k8s.io/kubernetes/cmd/kube-apiserver \
  kube-controller-manager=k8s.io/kubernetes/cmd/kube-controller-manager \
  kube-scheduler=k8s.io/kubernetes/cmd/kube-scheduler kubectl=k8s.io/kubernetes/cmd/kubectl

manifest=$bin/local-control-plane.properties
cat > "$manifest.tmp" <<PROPERTIES
# Written by the recipe cluster-binaries.sh; read by the harness's local control plane backend.
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
PROPERTIES
mv "$manifest.tmp" "$manifest"
"$bin/kubernetes-$k8s/kube-apiserver" --version
say "ready: $manifest"
