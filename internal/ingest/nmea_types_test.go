package ingest

import (
	"testing"

	"github.com/lookout-osint/lookout/internal/ais"
	"github.com/lookout-osint/lookout/internal/track"
)

// TestNMEAWorkerTypeSets checks the worker's type masks against what
// MessageFix and MessageIdentity accept, for every 6-bit message type: a
// type in fixTypes gives a fix from a position at 0,0 (else
// ReasonUnsupported), a type in identityTypes an identity.
func TestNMEAWorkerTypeSets(t *testing.T) {
	fixes, ids := 0, 0
	for typ := range 64 {
		m := ais.Message{Type: uint8(typ), MMSI: 219000001}
		var f track.Fix
		r := MessageFix(&m, 1, track.SourceRef{}, &f)
		if inFix := fixTypes&(uint64(1)<<typ) != 0; inFix != (r == ReasonNone) || !inFix && r != ReasonUnsupported {
			t.Errorf("type %d: MessageFix %v, in fixTypes %v", typ, r, inFix)
		}
		var id track.Identity
		ok := MessageIdentity(&m, 1, track.SourceRef{}, &id)
		if inID := identityTypes&(uint64(1)<<typ) != 0; inID != ok {
			t.Errorf("type %d: MessageIdentity %v, in identityTypes %v", typ, ok, inID)
		}
		if r == ReasonNone {
			fixes++
		}
		if ok {
			ids++
		}
	}
	if fixes != 6 || ids != 3 {
		t.Errorf("%d types give fixes, %d identities; want 6 and 3", fixes, ids)
	}
}
