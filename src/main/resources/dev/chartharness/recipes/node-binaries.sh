#!/usr/bin/env bash
# Builds the node components of a real-pods cluster from Go modules, once per version: kubelet and
# kube-proxy (the same k8s.io/kubernetes and version stamp as cluster-binaries.sh) and containerd
# 2.x with its runc shim and ctr. Groundwork for the real-pods backend ;
# runc and the CNI plugins come from Debian (apt), not from here.
#
# Binaries land in $CACHE/bin/<component>-<version>/; $CACHE/bin/local-node.properties lists them.
set -euo pipefail

recipes=$(cd "$(dirname "$0")" && pwd)
label=node-binaries
. "$recipes/lib/go-build.sh"

k8s=$(module_version kubernetes k8s.io/kubernetes)
containerd=$(module_version containerd github.com/containerd/containerd/v2)

# containerd's Makefile stamps version.Version/Revision/Package; with CGO_ENABLED=0 the btrfs
# snapshotter drops out by its own build constraints (overlayfs and native remain).
cpkg=github.com/containerd/containerd/v2
cstamp="-X $cpkg/version.Version=$containerd -X $cpkg/version.Revision=module-proxy -X $cpkg/version.Package=$cpkg"

build kubernetes "$k8s" kubernetes selinux,notest "$(kubernetes_stamp "$k8s")" \
  kubelet=k8s.io/kubernetes/cmd/kubelet kube-proxy=k8s.io/kubernetes/cmd/kube-proxy
build containerd "$containerd" containerd urfave_cli_no_docs,no_btrfs "$cstamp" \
  containerd=$cpkg/cmd/containerd containerd-shim-runc-v2=$cpkg/cmd/containerd-shim-runc-v2 \
  ctr=$cpkg/cmd/ctr

manifest=$bin/local-node.properties
cat > "$manifest.tmp" <<PROPERTIES
# Written by the recipe node-binaries.sh (real-pods groundwork).
kubernetes.version=$k8s
containerd.version=$containerd
kubelet=$bin/kubernetes-$k8s/kubelet
kube-proxy=$bin/kubernetes-$k8s/kube-proxy
containerd=$bin/containerd-$containerd/containerd
containerd-shim-runc-v2=$bin/containerd-$containerd/containerd-shim-runc-v2
ctr=$bin/containerd-$containerd/ctr
PROPERTIES
mv "$manifest.tmp" "$manifest"
"$bin/kubernetes-$k8s/kubelet" --version
"$bin/containerd-$containerd/containerd" --version
say "ready: $manifest"
