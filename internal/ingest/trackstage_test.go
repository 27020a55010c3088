package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// digestSink hashes every kept fix with its segment, and every identity,
// in batch order.
type digestSink struct {
	h, ids hash.Hash
	fixes  int
}

func (d *digestSink) BeginSource(SourceInfo) (uint32, bool, error) { return 1, false, nil }
func (d *digestSink) WriteBatch(b *Batch) error {
	var buf []byte
	for i := range b.Fixes {
		buf = appendAssigned(buf[:0], &b.Fixes[i])
		d.h.Write(buf)
	}
	d.fixes += len(b.Fixes)
	for i := range b.Identities {
		fmt.Fprintf(d.ids, "%+v\n", b.Identities[i])
	}
	return nil
}

// appendAssigned appends every field of a to dst.
func appendAssigned(dst []byte, a *track.Assigned) []byte {
	f := &a.Fix
	dst = binary.LittleEndian.AppendUint32(dst, f.MMSI)
	dst = binary.LittleEndian.AppendUint64(dst, uint64(f.Time))
	dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(f.Lat))
	dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(f.Lon))
	dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(f.SOG))
	dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(f.COG))
	dst = binary.LittleEndian.AppendUint16(dst, uint16(f.Heading))
	dst = append(dst, f.Status, byte(f.Class), byte(a.Reason))
	dst = binary.LittleEndian.AppendUint32(dst, f.Src.Source)
	dst = binary.LittleEndian.AppendUint32(dst, f.Src.Line)
	dst = binary.LittleEndian.AppendUint32(dst, a.Seg.MMSI)
	dst = binary.LittleEndian.AppendUint32(dst, a.Seg.Seq)
	return binary.LittleEndian.AppendUint64(dst, uint64(a.Seg.Start))
}

// TestStageDigest (LOOKOUT_STAGE_DIGEST=file,file…, with -v) ingests
// files and prints a digest of the kept fixes in batch order, with their
// segments, and the drop counts: a change to the track stage that must not
// change its decisions must not change these lines.
func TestStageDigest(t *testing.T) {
	env := os.Getenv("LOOKOUT_STAGE_DIGEST")
	if env == "" {
		t.Skip("set LOOKOUT_STAGE_DIGEST")
	}
	for _, path := range strings.Split(env, ",") {
		sink := &digestSink{h: sha256.New(), ids: sha256.New()}
		g, err := New(sink, Options{})
		if err != nil {
			t.Fatal(err)
		}
		st, err := g.Run(context.Background(), []Input{{Name: path}})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("DIGEST %s %d %x %v %d identities %x\n", path, sink.fixes, sink.h.Sum(nil), st.Dropped, st.Vessels,
			sink.ids.Sum(nil))
	}
}
