// Command lookout finds covert shipments in ship-tracking data and turns them
// into evidence an investigator can cite. See README.md and `lookout -h`.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	endProfile := startCPUProfile(os.Getenv("LOOKOUT_CPUPROFILE"))
	err := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	endProfile()
	stop()
	os.Exit(exitCode(err))
}

// exitCode maps an error to the documented exit status: 0 success, 1
// failure, 2 bad usage.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(os.Stderr, "lookout:", err)
		fmt.Fprintln(os.Stderr, "Run 'lookout -h' for usage.")
		return 2
	}
	fmt.Fprintln(os.Stderr, "lookout:", err)
	return 1
}

// startCPUProfile writes a CPU profile of the whole run to path (the
// LOOKOUT_CPUPROFILE environment variable; for bench/ scripts and for
// finding where time goes on a user's data) and returns the function that
// ends it. An empty path profiles nothing.
func startCPUProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "lookout: cpu profile:", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
