//go:build tools

// Pins k3s's main package and containerd's runc shim so that `go mod tidy` keeps what the builds need.
package tools

import (
	_ "github.com/containerd/containerd/cmd/containerd-shim-runc-v2"
	_ "github.com/k3s-io/k3s/cmd/server"
)
