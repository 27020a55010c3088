package ingest

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync/atomic"

	"github.com/klauspost/compress/gzip"
)

// StdinName is the input name that means standard input.
const StdinName = "-"

// Input is one source to ingest: a file path, or StdinName.
type Input struct {
	Name string // path as given (or found under a directory), or "-"
	Size int64  // bytes on disk; -1 when unknown (stdin)
	// FromDir marks a file found by walking a directory: one that is not
	// AIS (a README, an index) is skipped rather than refused.
	FromDir bool
}

// ExpandInputs turns command-line arguments into inputs: files as given,
// directories walked recursively (hidden entries skipped, files sorted by
// path), and "-" for stdin. A missing path is an error.
func ExpandInputs(args []string) ([]Input, error) {
	var out []Input
	for _, a := range args {
		if a == StdinName {
			out = append(out, Input{Name: a, Size: -1})
			continue
		}
		fi, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("input: %w", err)
		}
		if !fi.IsDir() {
			out = append(out, Input{Name: a, Size: fi.Size()})
			continue
		}
		found, err := walkDir(a)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	return out, nil
}

// walkDir lists the regular files under dir, skipping hidden names.
func walkDir(dir string) ([]Input, error) {
	var out []Input
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir && len(d.Name()) > 0 && d.Name()[0] == '.' {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, Input{Name: p, Size: fi.Size(), FromDir: true})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("input %s: %w", dir, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// HashFile returns the SHA-256 of a file's bytes as stored on disk (before
// any decompression): the content hash the store recognises a source by.
// A regular file is hashed where the system can map it into memory (see
// hashMapped), which spares copying it through a buffer; the rest, and
// anything past the size the file had when it was opened, is read.
func HashFile(name string) ([32]byte, error) {
	var sum [32]byte
	f, err := os.Open(name)
	if err != nil {
		return sum, fmt.Errorf("hash: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	done, err := hashMapped(h, f)
	if err != nil {
		return sum, fmt.Errorf("hash %s: %w", name, err)
	}
	if done > 0 { // a regular file: seekable
		if _, err := f.Seek(done, io.SeekStart); err != nil {
			return sum, fmt.Errorf("hash %s: %w", name, err)
		}
	}
	// Hide the file's WriteTo, which would read through a 32 KiB buffer.
	if _, err := io.CopyBuffer(h, struct{ io.Reader }{f}, make([]byte, 1<<20)); err != nil {
		return sum, fmt.Errorf("hash %s: %w", name, err)
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// gzipMagic starts every gzip stream (RFC 1952).
var gzipMagic = []byte{0x1f, 0x8b}

// opened is an input being read: the decompressed text, the raw byte
// count, the closer for the underlying file and what the file looked like
// when it was opened (to notice it changing while it is read).
type opened struct {
	text   io.Reader
	raw    *countingReader
	closer io.Closer
	gz     bool
	stat   os.FileInfo
}

// changed reports whether the file's size or modification time differs
// from when it was opened. The content hash is taken before reading (so
// that a complete source is skipped unread); this check, rather than a
// second SHA-256 pass, makes sure the bytes read are the bytes hashed.
func (o *opened) changed(path string) bool {
	fi, err := os.Stat(path)
	return err != nil || fi.Size() != o.stat.Size() || !fi.ModTime().Equal(o.stat.ModTime())
}

// spoolStdin copies standard input to a temporary file, so that it can be
// hashed before it is ingested (the store recognises sources by content
// hash before reading them) and read like any file. The caller removes it.
func spoolStdin(stdin io.Reader) (string, error) {
	if stdin == nil {
		stdin = os.Stdin
	}
	f, err := os.CreateTemp("", "lookout-stdin-*")
	if err != nil {
		return "", fmt.Errorf("spool stdin: %w", err)
	}
	_, err = io.CopyBuffer(f, stdin, make([]byte, 1<<20))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("spool stdin: %w", err)
	}
	return f.Name(), nil
}

// openInput opens a file, counting its raw bytes as they are read and
// decompressing gzip (recognised by its magic bytes, not by the name).
func openInput(path string) (*opened, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open input: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open input: %w", err)
	}
	o := &opened{closer: f, stat: fi}
	o.raw = &countingReader{r: f}
	br := bufio.NewReaderSize(o.raw, 1<<16)
	o.text = br
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		f.Close()
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(magic) == 2 && magic[0] == gzipMagic[0] && magic[1] == gzipMagic[1] {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("gunzip %s: %w", path, err)
		}
		o.text, o.gz = zr, true
	}
	return o, nil
}

// countingReader counts the bytes read through it (raw input progress).
// It is safe to read n from another goroutine (the progress bar).
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
