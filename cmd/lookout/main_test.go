package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// runCLI runs the CLI in-process and returns stdout, stderr and the error.
func runCLI(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := Run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), err
}

func TestUnknownCommandIsUsageError(t *testing.T) {
	_, _, err := runCLI(t, "no-such-command")
	var ue *usageError
	if !errors.As(err, &ue) {
		t.Fatalf("got %v; want a usage error", err)
	}
	if exitCode(err) != 2 {
		t.Fatalf("exit code %d; want 2", exitCode(err))
	}
}

func TestUnknownFlagIsUsageError(t *testing.T) {
	_, _, err := runCLI(t, "version", "--no-such-flag")
	if exitCode(err) != 2 {
		t.Fatalf("exit code %d for %v; want 2", exitCode(err), err)
	}
}

func TestVersion(t *testing.T) {
	out, _, err := runCLI(t, "version")
	if err != nil || !strings.HasPrefix(out, "lookout ") {
		t.Fatalf("got %q, %v", out, err)
	}
}

func TestParseTimeFlag(t *testing.T) {
	got, err := parseTimeFlag("from", "2023-09-07", 0)
	if err != nil || got != 1694044800000 {
		t.Fatalf("date: got %d, %v", got, err)
	}
	got, err = parseTimeFlag("from", "2023-09-07T01:00:00Z", 0)
	if err != nil || got != 1694048400000 {
		t.Fatalf("rfc3339: got %d, %v", got, err)
	}
	if _, err := parseTimeFlag("from", "yesterday", 0); exitCode(err) != 2 {
		t.Fatalf("bad time: got %v; want usage error", err)
	}
}
