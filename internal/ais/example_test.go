package ais_test

import (
	"errors"
	"fmt"

	"github.com/lookout-osint/lookout/internal/ais"
)

// Decode a class A position report and a type 5 static report into one
// reused Message, read typed fields and write gpsd-style JSON.
func ExampleMessage_Decode() {
	var m ais.Message
	if err := m.Decode([]byte("13U4vF0P001d<UnEeSmQ>gv`04hd"), 0); err != nil {
		fmt.Println(err)
		return
	}
	lat, _ := m.Pos.LatDeg()
	fmt.Printf("type %d mmsi %d lat %.5f\n", m.Type, m.MMSI, lat)

	err := m.Decode([]byte("55R3Vn82=ILTQ3KKS>1<D60Dq@E918U<F222221J1`?164vc03S1CCAD`88888888888880"), 2)
	if err != nil && !errors.Is(err, ais.ErrTooShort) {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Static.ShipName(), m.Static.Callsign(), m.Static.Destination())
	fmt.Printf("%s\n", m.AppendJSON(nil))
	// Output:
	// type 1 mmsi 240205400 lat 37.94425
	// SEA ENTERPRISE HP6683 LEMMER
	// {"type":5,"repeat":0,"mmsi":371255000,"imo":9266633,"ais_version":2,"callsign":"HP6683","shipname":"SEA ENTERPRISE","shiptype":90,"to_bow":13,"to_stern":15,"to_port":1,"to_starboard":6,"epfd":1,"eta":"03-29T11:00Z","draught":1.4,"destination":"LEMMER","dte":false}
}

// AppendJSONFields leaves the object open for the caller's own fields.
func ExampleMessage_AppendJSONFields() {
	var m ais.Message
	_ = m.Decode([]byte("H39sGlTU7B=40054;omlo0103314"), 0)
	b := m.AppendJSONFields(nil)
	b = append(b, `,"src":"ais-nmea.log:1163"}`...)
	fmt.Printf("%s\n", b)
	// Output:
	// {"type":24,"repeat":0,"mmsi":211736530,"partno":1,"shiptype":37,"vendorid":"GRM","model":1,"serial":5,"callsign":"DK7547","to_bow":8,"to_stern":3,"to_port":3,"to_starboard":1,"src":"ais-nmea.log:1163"}
}
