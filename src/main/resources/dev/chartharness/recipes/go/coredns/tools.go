//go:build tools

// Package tools pins the command this wrapper module builds (the module root package is main).
package tools

import (
	_ "github.com/coredns/coredns"
)
