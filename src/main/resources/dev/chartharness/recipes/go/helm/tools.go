//go:build tools

// Pins the Helm CLI's main package so that `go mod tidy` keeps what `go build helm.sh/helm/v4/cmd/helm` needs.
package tools

import _ "helm.sh/helm/v4/cmd/helm"
