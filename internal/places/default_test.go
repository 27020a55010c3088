package places

import (
	"sync"
	"testing"

	"github.com/lookout-osint/lookout/internal/geo"
)

// TestDefaultConcurrent loads and queries the embedded set from several
// goroutines (run with -race): one load, shared read-only values.
func TestDefaultConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	sets := make([]*Set, 4)
	for i := range sets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Default()
			if err != nil {
				t.Error(err)
				return
			}
			sets[i] = s
			p := geo.Point{Lat: 42.2 + float64(i)/100, Lon: 130.4}
			_ = s.Land.IsLand(p)
			_ = s.Land.DistanceToShoreM(p)
			_, _, _ = s.Ports.Nearest(p)
		}()
	}
	wg.Wait()
	for _, s := range sets[1:] {
		if s == nil || s.Land != sets[0].Land || s.Ports != sets[0].Ports {
			t.Fatalf("Default returned different values")
		}
	}
	if sets[0].Land.Source != EmbeddedLandSource || sets[0].Ports.Source != EmbeddedWPISource {
		t.Errorf("sources %q, %q", sets[0].Land.Source, sets[0].Ports.Source)
	}
}
