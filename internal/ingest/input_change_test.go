package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestInputChangedWhileRead changes a file while it is ingested, after
// the reader has cut its first chunks and far enough from its end that the
// reader's buffers do not hold the rest yet: truncated, appended to, and
// rewritten in place with other rows of the same size. The outcome is the
// documented one: the input is refused with an error naming it and saying
// it changed, what was read before is committed with every line archived,
// the source is not marked complete (so a re-run ingests it again), the
// process does not crash, and the next input is ingested as usual.
func TestInputChangedWhileRead(t *testing.T) {
	const rows = 40000
	for _, c := range []struct {
		name   string
		change func(p string, size int64) error
		fewer  bool // fewer lines read than the file had
	}{
		{"truncated to a third", func(p string, size int64) error { return os.Truncate(p, size/3) }, true},
		{"truncated to empty", func(p string, _ int64) error { return os.Truncate(p, 0) }, true},
		{"appended to", func(p string, _ int64) error {
			return appendFile(p, csvRows(rows, rows+100))
		}, false},
		{"rewritten in place", func(p string, size int64) error {
			return rewriteAt(p, size/2, strings.ReplaceAll(string(csvRows(0, rows/4)), "235070762", "235070763"))
		}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer func(n int, hook func(int)) { chunkSize, afterChunk = n, hook }(chunkSize, afterChunk)
			chunkSize = 16 << 10
			dir := t.TempDir()
			p := filepath.Join(dir, "a.csv")
			next := filepath.Join(dir, "b.csv")
			if err := os.WriteFile(p, append([]byte("mmsi,time,lat,lon\n"), csvRows(0, rows)...), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(next, append([]byte("mmsi,time,lat,lon\n"), csvRows(rows, rows+10)...), 0o644); err != nil {
				t.Fatal(err)
			}
			// An old modification time: a change a moment after the file was
			// written must show however coarse the file system's clock.
			old := time.Now().Add(-time.Hour)
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			changed := false
			afterChunk = func(seq int) {
				if seq == 1 && !changed {
					changed = true
					if err := c.change(p, fi.Size()); err != nil {
						t.Error(err)
					}
				}
			}
			sink, st, err := runIngest(t, Options{}, p, next)
			if !changed {
				t.Fatal("the file was not changed during the ingest")
			}
			if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "changed") {
				t.Fatalf("error %v; want one naming %s and saying it changed", err, p)
			}
			if len(st.Refused) != 1 {
				t.Errorf("refused %d inputs; want 1: %v", len(st.Refused), st.Refused)
			}
			if len(sink.Sources) != 2 || len(sink.Ended) != 1 || sink.Ended[0].Lines != 11 {
				t.Fatalf("sources %d, ended %+v; want 2 sources, only the second (11 lines) complete", len(sink.Sources), sink.Ended)
			}
			if st.Lines <= 11 || sink.RawLines != st.Lines || len(sink.Fixes) == 0 {
				t.Errorf("lines %d, raw lines %d, fixes %d: what was read should be committed, every line archived", st.Lines, sink.RawLines, len(sink.Fixes))
			}
			if read := st.Lines - 11; c.fewer != (read < rows+1) {
				t.Errorf("read %d lines of the changed file (it had %d); want fewer: %v", read, rows+1, c.fewer)
			}
		})
	}
}

// csvRows returns rows from..to-1 of a generated track, one fix a second.
func csvRows(from, to int) []byte {
	var b []byte
	start := time.Date(2016, 1, 12, 0, 0, 0, 0, time.UTC)
	for i := from; i < to; i++ {
		b = fmt.Appendf(b, "235070762,%s,%.5f,-1.09\n", start.Add(time.Duration(i)*time.Second).Format("2006-01-02 15:04:05"), 50+float64(i)*1e-5)
	}
	return b
}

func appendFile(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func rewriteAt(p string, off int64, data string) error {
	f, err := os.OpenFile(p, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteAt([]byte(data), off)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
