// pause: the pod sandbox's PID 1. Sleeps until SIGTERM or SIGINT (then exits 0) and reaps orphaned children,
// like registry.k8s.io/pause. Built static: CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" pause.go
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	signals := make(chan os.Signal, 16)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGCHLD)
	for s := range signals {
		if s != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}
