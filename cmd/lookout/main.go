// Command lookout finds covert shipments in ship-tracking data and turns them
// into evidence an investigator can cite. See README.md and `lookout -h`.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
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
