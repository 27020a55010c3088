package store

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2"
)

// TestCompareStores compares every key and value of two stores that
// ingested the same inputs, e.g. one written by an older build and one by
// this one, and the raw files' bytes:
//
//	LOOKOUT_KVCMP="OLD.db NEW.db" go test -run TestCompareStores ./internal/store/
//
// Without the variable it skips.
func TestCompareStores(t *testing.T) {
	dirs, a, b := envStorePair(t, "LOOKOUT_KVCMP", "key by key")
	ia, err := a.db.NewIter(&pebble.IterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer ia.Close()
	ib, err := b.db.NewIter(&pebble.IterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer ib.Close()
	n, kinds := 0, map[byte]int{}
	okA, okB := ia.First(), ib.First()
	for ; okA && okB; okA, okB = ia.Next(), ib.Next() {
		if !bytes.Equal(ia.Key(), ib.Key()) {
			t.Fatalf("key %d: %x vs %x", n, ia.Key(), ib.Key())
		}
		va, err := ia.ValueAndErr()
		if err != nil {
			t.Fatal(err)
		}
		vb, err := ib.ValueAndErr()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(va, vb) {
			t.Fatalf("key %x: values differ (%d vs %d bytes)", ia.Key(), len(va), len(vb))
		}
		n++
		kinds[ia.Key()[0]]++
	}
	if okA || okB {
		t.Fatalf("after %d equal keys, only one store has more (%v, %v)", n, okA, okB)
	}
	sources, err := a.Sources()
	if err != nil {
		t.Fatal(err)
	}
	for _, si := range sources {
		fa, errA := os.ReadFile(rawFileName(dirs[0], si.ID))
		fb, errB := os.ReadFile(rawFileName(dirs[1], si.ID))
		if (errA == nil) != (errB == nil) || !bytes.Equal(fa, fb) {
			t.Fatalf("raw file of source %d: %d bytes (%v) vs %d (%v)", si.ID, len(fa), errA, len(fb), errB)
		}
	}
	t.Logf("%d keys and values identical (by kind: %v); raw files of %d sources identical", n, kinds, len(sources))
}

// envStorePair opens, read-only, the two stores that the environment
// variable env names ("OLD.db NEW.db"), and skips t unless it names two.
func envStorePair(t *testing.T, env, compare string) (dirs []string, a, b *Store) {
	dirs = strings.Fields(os.Getenv(env))
	if len(dirs) != 2 {
		t.Skipf("set %s=\"OLD.db NEW.db\" to compare two stores %s", env, compare)
	}
	return dirs, openT(t, dirs[0], Options{ReadOnly: true}), openT(t, dirs[1], Options{ReadOnly: true})
}
