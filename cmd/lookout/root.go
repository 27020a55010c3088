package main

import (
	"context"
	"fmt"
	"io"
	"sort"

	"github.com/spf13/cobra"
)

// env is what every subcommand gets instead of the process globals, so that
// tests can run the whole CLI in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// commandCtors holds one constructor per subcommand; each subcommand file
// adds its own in init, so that the files stay independent.
var commandCtors = map[string]func(*env) *cobra.Command{}

// register adds a subcommand constructor under its name.
func register(name string, ctor func(*env) *cobra.Command) {
	if _, dup := commandCtors[name]; dup {
		panic("lookout: subcommand registered twice: " + name)
	}
	commandCtors[name] = ctor
}

// usageError marks a bad invocation (exit status 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usageErrorf returns a usageError with a formatted message.
func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// newRoot builds the command tree.
func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "lookout",
		Short: "Find covert shipments in ship-tracking data and turn them into evidence",
		Long: `Lookout ingests raw AIS (NMEA logs, national CSV exports, live feeds) and
answers who sailed where, who went dark, who met whom at sea, who is sanctioned
or changed identity, and when activity at a watched site surged. Every finding
keeps the raw messages that prove it.

Start with 'lookout demo'.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	names := make([]string, 0, len(commandCtors))
	for n := range commandCtors {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := commandCtors[n](e)
		c.SilenceUsage = true
		c.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
		root.AddCommand(c)
	}
	return root
}

// Run runs the lookout command line with args (without the program name).
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	root := newRoot(&env{stdin: stdin, stdout: stdout, stderr: stderr})
	root.SetArgs(args)
	_, err := root.ExecuteContextC(ctx)
	if err != nil && isCobraUsageErr(err) {
		return &usageError{err}
	}
	return err
}

// isCobraUsageErr recognises cobra's own errors for unknown commands and
// wrong argument counts, which it does not type.
func isCobraUsageErr(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "accepts ", "requires at least", "requires at most", "invalid argument"} {
		if len(msg) >= len(p) && containsWord(msg, p) {
			return true
		}
	}
	return false
}

func containsWord(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
