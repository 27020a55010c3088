package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/cockroachdb/pebble/v2"
	"github.com/klauspost/compress/s2"
)

// reviewGenInput returns random input for the raw archive in one of four
// styles (by style%4): dense short lines over "ab\r\n" (so '\r', "\r\n"
// and "\r\r\n" fall on appendRawRun's window edges often, and a window
// holds more lines than a block); lines of every length up to 100 KiB
// (longer than a window and a piece) ending in "\n", "\r\n", "\r\r\n" or
// a lone '\r' and "\n"; CSV-like lines of which some carry lone '\r's
// (CSV keeps them: only NMEA turns them into '\n' upstream); and lines
// laid out so that "\r\n" straddles every window edge counted from the
// start. The last line may lack its '\n', and may end in '\r'.
func reviewGenInput(rng *rand.Rand, style int) []byte {
	var data []byte
	size := 64<<10 + rng.IntN(400<<10)
	switch style % 4 {
	case 0:
		alpha := []byte("ab\r\n")
		w := []int{1 + rng.IntN(8), 1 + rng.IntN(8), 1 + rng.IntN(4), 1 + rng.IntN(4)}
		for len(data) < size {
			r := rng.IntN(w[0] + w[1] + w[2] + w[3])
			i := 0
			for r >= w[i] {
				r -= w[i]
				i++
			}
			data = append(data, alpha[i])
		}
	case 1:
		for len(data) < size {
			n := int(1) << rng.IntN(18)
			n = rng.IntN(n + 1)
			for range n {
				data = append(data, byte('!'+rng.IntN(90)))
			}
			switch rng.IntN(5) {
			case 0:
				data = append(data, "\r\n"...)
			case 1:
				data = append(data, "\r\r\n"...)
			case 2:
				data = append(data, "\rx\n"...)
			default:
				data = append(data, '\n')
			}
		}
	case 2:
		for i := 0; len(data) < size; i++ {
			data = fmt.Appendf(data, "%09d,2017-01-0%dT00:%02d:%02dZ,-36.%06d,174.%06d,%d.%d",
				rng.IntN(1e9), 1+rng.IntN(9), rng.IntN(60), rng.IntN(60), rng.IntN(1e6), rng.IntN(1e6), rng.IntN(30), rng.IntN(10))
			if rng.IntN(50) == 0 {
				data = append(data, ",\"a\rb\""...) // a lone '\r' in a field
			}
			if rng.IntN(3) > 0 {
				data = append(data, '\r')
			}
			data = append(data, '\n')
		}
	case 3:
		// "\r\n" at offsets rawWindow*j-1, "\r\r\n" and a lone '\r' at
		// others, with lines of 100 to 3000 bytes in between
		for j := 1; len(data) < size; j++ {
			edge := j*rawWindow - 1
			for len(data) < edge-3000 {
				l := 100 + rng.IntN(2900)
				for range l {
					data = append(data, 'z')
				}
				data = append(data, '\n')
			}
			for len(data) < edge-1 {
				data = append(data, 'e')
			}
			switch j % 3 {
			case 0:
				data = append(data, "\r\r\n"...) // "\r" "\r\n" across the edge
			case 1:
				data = append(data, "e\r\n"...) // "\r" "\n" across it
			default:
				data = append(data, "e\rq\n"...) // a lone '\r' ends the window
			}
		}
	}
	switch rng.IntN(4) {
	case 0:
		data = bytes.TrimRight(data, "\r\n") // a last line without '\n'
	case 1:
		data = append(bytes.TrimRight(data, "\r\n"), "tail\r"...)
	case 2:
		data = append(data, '\r') // a last line of a lone '\r'
	}
	return data
}

// reviewLines cuts data into its lines as the archive keeps them
// (oldNextRaw: up to each '\n', a '\r' before it dropped), with the
// offset where each starts.
func reviewLines(data []byte) (lines [][]byte, starts []int) {
	for rest := data; len(rest) > 0; {
		starts = append(starts, len(data)-len(rest))
		var l []byte
		l, rest = oldNextRaw(rest)
		lines = append(lines, l)
	}
	return lines, starts
}

// TestReviewAppendRawLinesRandom compares appendRawLines with the
// line-at-a-time encoding on random inputs of every style
// (reviewGenInput), cut into runs of random sizes at random line
// numbers (one run, or runs that start mid-block and cross blocks), some
// asking for lines past the end of the data, and checks its block marks
// and cutRawLines on the result.
func TestReviewAppendRawLinesRandom(t *testing.T) {
	seeds := 24
	if testing.Short() {
		seeds = 8
	}
	for seed := range seeds {
		rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
		data := reviewGenInput(rng, seed)
		lines, starts := reviewLines(data)
		for from := 0; from < len(lines); {
			n := min(len(lines)-from, 1+rng.IntN(3*rawBlockLines))
			if rng.IntN(4) == 0 {
				n = len(lines) - from
			}
			end := len(data)
			if from+n < len(lines) {
				end = starts[from+n]
			}
			past := 0
			if from+n == len(lines) && rng.IntN(2) == 0 {
				past = rng.IntN(3)
			}
			first := uint32(1 + rng.IntN(3*rawBlockLines))
			chunk := data[starts[from]:end]
			want := oldEncodeRun(chunk, uint32(n+past))
			got, marks := appendRawLines([]byte("pre"), nil, chunk, first, uint32(n+past))
			if !bytes.Equal(got[3:], want) {
				i := 0
				for i < len(want) && i+3 < len(got) && got[3+i] == want[i] {
					i++
				}
				t.Fatalf("seed %d: lines %d..%d from line %d: encodings differ at byte %d of %d (got %.30q, want %.30q)",
					seed, from+1, from+n, first, i, len(want), got[3+i:min(len(got), 3+i+30)], want[i:min(len(want), i+30)])
			}
			checkMarks(t, got, 3, marks, first, uint32(n+past))
			k := uint32(rng.IntN(n + 1))
			if head, _ := cutRawLines(got[3:], k); !bytes.Equal(head, oldEncodeRun(chunk, k)) {
				t.Fatalf("seed %d: cutRawLines after %d lines: %d bytes, want the encoding of the first %d", seed, k, len(head), k)
			}
			from += n
		}
	}
}

// TestReviewRawArchiveRandom archives random inputs (reviewGenInput)
// through Batch.AddRawLines and AddRaw as lookout ingest and a re-run
// would: runs of random sizes, commits after some, re-runs that repeat
// up to 9000 already archived lines (more than a block, so cutRawLines
// skips whole blocks of a run), a store closed and reopened between
// commits, and in half the cases a start from a schema 3 store (a full
// rawS2 block in the raw file and a partial rawS2 tail). Every line must
// read back through RawLine and RawLines as the input holds it, every
// block the new code wrote must be rawPieces with pieces of rawPiece
// bytes (the last shorter), and the source's line count must match.
func TestReviewRawArchiveRandom(t *testing.T) {
	seeds := 12
	if testing.Short() {
		seeds = 4
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), 0xa2c))
			data := reviewGenInput(rng, seed)
			lines, starts := reviewLines(data)
			dir := filepath.Join(t.TempDir(), "db")
			s := openT(t, dir, Options{NoSync: true})
			si, err := s.RegisterSource(simHash(fmt.Sprint("review", seed)), "review", int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			done, v3lines := 0, 0
			if (seed/4)%2 == 0 && len(lines) > rawBlockLines+2 {
				v3lines = rawBlockLines + 1 + rng.IntN(min(len(lines)-rawBlockLines-1, rawBlockLines-1))
				s.Close()
				reviewWriteV3(t, dir, si, lines[:v3lines])
				s = openT(t, dir, Options{NoSync: true})
				done = v3lines
			}
			b := NewBatch()
			for done < len(lines) {
				from := done
				if rng.IntN(5) == 0 {
					from = max(0, done-1-rng.IntN(9000)) // a re-run repeats lines
				}
				n := min(len(lines)-from, 1+rng.IntN(2*rawBlockLines))
				if n < 3 && rng.IntN(2) == 0 {
					for i := from; i < from+n; i++ {
						b.AddRaw(si.ID, uint32(i+1), lines[i])
					}
				} else {
					end := len(data)
					if from+n < len(lines) {
						end = starts[from+n]
					}
					b.AddRawLines(si.ID, uint32(from+1), uint32(n), data[starts[from]:end])
				}
				done = max(done, from+n)
				if rng.IntN(3) == 0 || done == len(lines) {
					st, err := s.Commit(b)
					if err != nil {
						t.Fatal(err)
					}
					info, err := s.SourceInfo(si.ID)
					if err != nil || int(info.Lines) != done {
						t.Fatalf("after a commit up to line %d: source has %d lines, %v (%+v)", done, info.Lines, err, st)
					}
				}
				if rng.IntN(8) == 0 && b.Empty() {
					s.Close()
					s = openT(t, dir, Options{NoSync: true})
				}
			}
			checkRawLines(t, s, si.ID, lines)
			t.Logf("%d bytes, %d lines, %d of them from a schema 3 store", len(data), len(lines), v3lines)
			for first := uint32(1); int(first) <= len(lines); first += rawBlockLines {
				v, err := s.getRaw(rawKey(si.ID, first))
				if err != nil {
					t.Fatalf("block %d: %v", first, err)
				}
				if int(first) <= v3lines-v3lines%rawBlockLines {
					if v[0] != rawS2 {
						t.Fatalf("block %d, full in the schema 3 store: codec %#x, want %#x", first, v[0], rawS2)
					}
					continue
				}
				reviewCheckPieces(t, first, v)
			}
			s.Close()
			r := openT(t, dir, Options{ReadOnly: true})
			checkRawLines(t, r, si.ID, lines)
			r.Close()
		})
	}
}

// reviewWriteV3 makes the store at dir, with source si registered and
// closed, hold lines as a schema 3 store does: full blocks rawS2 in the
// raw file behind pointers, the partial tail rawS2 inline, schema 3 in
// the meta key and the marker file.
func reviewWriteV3(t *testing.T, dir string, si SourceInfo, lines [][]byte) {
	t.Helper()
	s := openT(t, dir, Options{NoSync: true})
	defer s.Close()
	if err := os.MkdirAll(filepath.Join(dir, rawDir), 0o755); err != nil {
		t.Fatal(err)
	}
	var file []byte
	pb := s.db.NewBatch()
	for first := 0; first < len(lines); first += rawBlockLines {
		blk := encodeRawV3(lines[first:min(len(lines), first+rawBlockLines)])
		if first+rawBlockLines > len(lines) {
			pb.Set(rawKey(si.ID, uint32(first+1)), blk, nil)
			break
		}
		ptr := rawPointer{file: si.ID, off: uint64(len(file)), n: uint32(len(blk)), crc: crc32.Checksum(blk, castagnoli)}
		file = append(file, blk...)
		pb.Set(rawKey(si.ID, uint32(first+1)), appendRawPointer(nil, ptr), nil)
	}
	if err := os.WriteFile(rawFileName(dir, si.ID), file, 0o644); err != nil {
		t.Fatal(err)
	}
	si.Lines = uint32(len(lines))
	pb.Set(sourceKey(si.ID), encodeSource(&si), nil)
	pb.Set(metaKey("schema"), binary.BigEndian.AppendUint32(nil, 3), nil)
	if err := pb.Commit(pebble.Sync); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.WriteFile(filepath.Join(dir, markerFile), []byte(markerPrefix+"3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// reviewCheckPieces checks that v is a rawPieces block whose pieces
// decode to rawPiece bytes each but the last, which is shorter or the
// same, adding up to the length in its header.
func reviewCheckPieces(t *testing.T, first uint32, v []byte) {
	t.Helper()
	if len(v) == 0 || v[0] != rawPieces {
		t.Fatalf("block %d: codec % x, want %#x", first, v[:min(len(v), 1)], rawPieces)
	}
	total, k := binary.Uvarint(v[1:])
	b := v[1+k:]
	sum := 0
	for len(b) > 0 {
		c := int(binary.BigEndian.Uint32(b))
		n, err := s2.DecodedLen(b[rawPieceHead : rawPieceHead+c])
		if err != nil {
			t.Fatalf("block %d: piece at %d: %v", first, sum, err)
		}
		b = b[rawPieceHead+c:]
		if n > rawPiece || (n < rawPiece && len(b) > 0) || n == 0 {
			t.Fatalf("block %d: piece at %d decodes to %d bytes (more follow: %v), want %d but the last", first, sum, n, len(b) > 0, rawPiece)
		}
		sum += n
	}
	if uint64(sum) != total {
		t.Fatalf("block %d: pieces hold %d bytes, header %d", first, sum, total)
	}
}

// TestReviewDecodeRawCorrupt damages valid raw blocks of every codec
// (one piece and several; rawS2; zstd): every truncation, and random
// byte changes and insertions. decodeRaw must return lines or an error
// that is ErrCorrupt, never panic; lines it returns are at most a
// block's worth and hold no '\n' for rawPieces blocks.
func TestReviewDecodeRawCorrupt(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	lines, _ := reviewLines(reviewGenInput(rng, 1)[:200<<10])
	lines = lines[:min(len(lines), rawBlockLines)]
	small := [][]byte{[]byte("!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24"), nil, []byte("x\r")}
	blocks := [][]byte{encodeRaw(nil, small), encodeRaw(nil, lines), encodeRawV3(small), encodeRawZstd(small)}
	check := func(what string, b []byte) {
		got, err := decodeRaw(b)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("%s: error %v is not ErrCorrupt", what, err)
			}
			return
		}
		if len(got) > rawBlockLines {
			t.Fatalf("%s: %d lines", what, len(got))
		}
		if b[0] == rawPieces {
			for _, l := range got {
				if bytes.IndexByte(l, '\n') >= 0 {
					t.Fatalf("%s: a line holds '\\n'", what)
				}
			}
		}
	}
	for bi, blk := range blocks {
		if got, err := decodeRaw(blk); err != nil || len(got) == 0 {
			t.Fatalf("block %d: %d lines, %v", bi, len(got), err)
		}
		step := max(1, len(blk)/2000)
		for n := 0; n < len(blk); n += step {
			check(fmt.Sprintf("block %d cut at %d", bi, n), blk[:n])
		}
		for range 3000 {
			c := bytes.Clone(blk)
			for range 1 + rng.IntN(3) {
				i := rng.IntN(len(c))
				switch rng.IntN(3) {
				case 0:
					c[i] = byte(rng.Uint32())
				case 1:
					c[i] ^= 1 << rng.IntN(8)
				default:
					c = append(c[:i], append([]byte{byte(rng.Uint32())}, c[i:]...)...)
				}
			}
			if bytes.Equal(c, blk) {
				continue
			}
			check(fmt.Sprintf("block %d changed", bi), c)
		}
	}
}
