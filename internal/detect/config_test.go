package detect

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestConfigRoundTrip(t *testing.T) {
	def := DefaultConfig()
	y, err := def.YAML()
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseConfig(y)
	if err != nil {
		t.Fatalf("parse own output: %v\n%s", err, y)
	}
	if !reflect.DeepEqual(got, def) {
		t.Fatalf("round trip changed the config:\n%+v\nwant\n%+v", got, def)
	}
	for _, k := range []string{"entry_km: 3", "exit_km: 4", "min_vessels: 20", "min_hours: 6", "max_distance_m: 500", "min_shore_nm: 20"} {
		if !strings.Contains(string(y), k) {
			t.Errorf("printed config lacks %q", k)
		}
	}
}

func TestParseConfigOverrides(t *testing.T) {
	c, err := ParseConfig([]byte("anchorages:\n  min_vessels: 3\ngap:\n  min_hours: 4.5\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Anchorages.MinVessels != 3 || c.Gap.MinHours != 4.5 || c.PortVisit.EntryKm != 3 {
		t.Fatalf("got %+v", c)
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, y := range []string{
		"gap:\n  min_hour: 4\n",           // misspelt key
		"no_such_detector:\n  x: 1\n",     // unknown section
		"gap:\n  min_hours: four\n",       // wrong type
		"port_visit:\n  exit_km: 2\n",     // exit < entry
		"encounter:\n  step_minutes: 0\n", // must be > 0
	} {
		if _, err := ParseConfig([]byte(y)); err == nil {
			t.Errorf("%q: no error", y)
		}
	}
	_, err := ParseConfig([]byte("encounter:\n  grid_km: 0.1\n"))
	if !errors.Is(err, ErrConfig) {
		t.Errorf("grid smaller than the distance: %v; want ErrConfig", err)
	}
}
