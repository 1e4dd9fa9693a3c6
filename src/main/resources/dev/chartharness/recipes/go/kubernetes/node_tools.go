//go:build tools

// Node components built by ci/node-binaries.sh from the same pinned k8s.io/kubernetes.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
