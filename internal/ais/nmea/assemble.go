package nmea

// Limits of the assembler. A message has at most 9 fragments (one digit);
// real ones have 2 to 5, of at most 62 payload characters each.
const (
	maxFragments  = 9
	maxPayloadLen = 9 * 64
	keyLen        = 2 + 1 + 1 + maxSourceLen + 1
)

// Frame is one complete AIS message as it was framed: the armoured payload
// of all its fragments joined, with where and when it was received. The
// slices alias memory that the next call of the producer (Assembler.Add,
// Decoder.Next) may overwrite.
type Frame struct {
	Payload  []byte   // armoured 6-bit payload
	FillBits int      // fill bits of the last fragment
	Time     int64    // Unix milliseconds; 0 when the input has no time
	Source   string   // input name, for provenance
	Line     uint32   // line of the first sentence
	LastLine uint32   // line of the last sentence
	Lines    []uint32 // line of every sentence, in fragment order
	Channel  byte     // 'A', 'B', ... or 0
	Talker   [2]byte  // talker of the first sentence
	Own      bool     // VDO (own ship)
}

// Fragment is what the Assembler needs of one sentence of a multi-sentence
// message besides the Sentence itself.
type Fragment struct {
	Line uint32
	Time int64
	Tag  *TagBlock // the sentence's tag block, or nil
	// Inline says the tag block was on the same line as the sentence. Only
	// then does its source take part in the key: a tag block alone on its
	// line (DMA's "\si:AISD*3F\") is written before the first fragment only.
	Inline bool
}

// slot holds one partial message.
type slot struct {
	used    bool
	keyN    uint8
	key     [keyLen]byte
	total   int
	next    int // fragment number expected next
	born    uint64
	n       int
	payload [maxPayloadLen]byte
	lines   [maxFragments]uint32
	time    int64
	channel byte
	talker  [2]byte
	own     bool
}

// Assembler joins the fragments of multi-sentence messages. It keeps at
// most a fixed number of partial messages; when it is full the oldest is
// dropped, and a partial message older than MaxAge sentences (fragments
// added, plus the single-sentence messages a Decoder saw) is dropped when a
// new one starts. Every dropped fragment is reported to Drop. It is
// pure and, after New, allocates nothing.
type Assembler struct {
	// Drop is called for every fragment that will never be part of a
	// message, with the reason (OrphanFragment, OutOfOrder, BadFraming for
	// an over-long message) and the line of the sentence.
	Drop func(r Reason, line uint32)
	// MaxAge is the age, in sentences, past which a partial message is
	// dropped as orphan (checked when another message starts).
	MaxAge uint64
	slots  []slot
	tick   uint64
	out    Frame
	key    [keyLen]byte
}

// DefaultMaxPending and DefaultMaxAge are the assembler's default bounds:
// 64 partial messages (about 40 KiB) and 1000 sentences of age, far more
// than real interleaving needs.
const (
	DefaultMaxPending = 64
	DefaultMaxAge     = 1000
)

// NewAssembler returns an assembler with room for maxPending partial
// messages (DefaultMaxPending when <= 0).
func NewAssembler(maxPending int) *Assembler {
	if maxPending <= 0 {
		maxPending = DefaultMaxPending
	}
	return &Assembler{slots: make([]slot, maxPending), MaxAge: DefaultMaxAge, Drop: func(Reason, uint32) {}}
}

// Pending returns the number of partial messages held.
func (a *Assembler) Pending() int {
	n := 0
	for i := range a.slots {
		if a.slots[i].used {
			n++
		}
	}
	return n
}

// Add adds one fragment of a multi-sentence message (s.Total > 1) and
// returns the whole message when s completes it, else nil. The returned
// Frame (Source unset) aliases the assembler's memory until the next Add.
// The key that ties fragments together is the tag-block group id when the
// sentence has one, else the inline tag-block source (or the talker when
// there is none), channel and sequence id, so that interleaved messages from
// several receivers stay apart.
func (a *Assembler) Add(s *Sentence, f Fragment) *Frame {
	a.tick++
	key := a.makeKey(s, f)
	if s.Num == 1 {
		a.start(key, s, f)
		return nil
	}
	i := a.find(key)
	if i < 0 {
		a.Drop(OrphanFragment, f.Line)
		return nil
	}
	sl := &a.slots[i]
	if s.Num != sl.next {
		a.dropSlot(sl, OrphanFragment)
		a.Drop(OutOfOrder, f.Line)
		return nil
	}
	if !a.appendFragment(sl, s, f) {
		return nil
	}
	if s.Num < sl.total {
		return nil
	}
	return a.complete(sl, s)
}

// Flush drops every partial message as orphan (at the end of an input).
func (a *Assembler) Flush() {
	for i := range a.slots {
		if a.slots[i].used {
			a.dropSlot(&a.slots[i], OrphanFragment)
		}
	}
}

// makeKey builds the assembly key of s in a.key.
func (a *Assembler) makeKey(s *Sentence, f Fragment) []byte {
	k, g := a.key[:0], f.Tag
	if g != nil && g.GroupTotal > 1 {
		k = append(k, 'g', byte('0'+s.Total))
		return append(k, g.GroupID()...)
	}
	k = append(k, 's', byte('0'+s.Total), s.Channel, s.SeqID)
	if g != nil && f.Inline && g.srcLen > 0 {
		return append(k, g.Source()...)
	}
	return append(k, s.Talker[0], s.Talker[1])
}

// find returns the slot holding key, or -1.
func (a *Assembler) find(key []byte) int {
	for i := range a.slots {
		sl := &a.slots[i]
		if sl.used && string(sl.key[:sl.keyN]) == string(key) {
			return i
		}
	}
	return -1
}

// start begins a new partial message, dropping an unfinished one with the
// same key, expired ones, and the oldest when all slots are in use.
func (a *Assembler) start(key []byte, s *Sentence, f Fragment) {
	free, oldest := -1, -1
	for i := range a.slots {
		sl := &a.slots[i]
		if sl.used && (string(sl.key[:sl.keyN]) == string(key) || a.tick-sl.born > a.MaxAge) {
			a.dropSlot(sl, OrphanFragment)
		}
		switch {
		case !sl.used:
			if free < 0 {
				free = i
			}
		case oldest < 0 || sl.born < a.slots[oldest].born:
			oldest = i
		}
	}
	if free < 0 {
		a.dropSlot(&a.slots[oldest], OrphanFragment)
		free = oldest
	}
	sl := &a.slots[free]
	sl.used, sl.born, sl.total, sl.next, sl.n = true, a.tick, s.Total, 1, 0
	sl.keyN = uint8(copy(sl.key[:], key))
	sl.time, sl.channel, sl.talker, sl.own = 0, s.Channel, s.Talker, s.Own
	a.appendFragment(sl, s, f)
}

// appendFragment adds s to sl; false when the message grew too long (then
// it is dropped).
func (a *Assembler) appendFragment(sl *slot, s *Sentence, f Fragment) bool {
	if sl.n+len(s.Payload) > len(sl.payload) {
		a.dropSlot(sl, BadFraming)
		a.Drop(BadFraming, f.Line)
		return false
	}
	sl.n += copy(sl.payload[sl.n:], s.Payload)
	sl.lines[sl.next-1] = f.Line
	if sl.time == 0 {
		sl.time = f.Time
	}
	sl.next++
	return true
}

// complete frees sl and returns its message.
func (a *Assembler) complete(sl *slot, last *Sentence) *Frame {
	sl.used = false
	a.out = Frame{
		Payload: sl.payload[:sl.n], FillBits: last.FillBits, Time: sl.time,
		Line: sl.lines[0], LastLine: sl.lines[sl.total-1], Lines: sl.lines[:sl.total],
		Channel: sl.channel, Talker: sl.talker, Own: sl.own,
	}
	return &a.out
}

// dropSlot reports every fragment of sl with reason r and frees it.
func (a *Assembler) dropSlot(sl *slot, r Reason) {
	for _, l := range sl.lines[:sl.next-1] {
		a.Drop(r, l)
	}
	sl.used = false
}
