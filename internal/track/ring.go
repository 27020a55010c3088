package track

// window is a segment's look-back window: its newest fixes, at most
// len(buf), oldest first, in a ring. Fixes leave it from the front once
// final (emitted) or from the back when the look-back drops them.
type window struct {
	buf     []node   // capacity Lookback, allocated once per segState
	head    int      // index of the oldest fix
	n       int      // fixes in the window
	final   int      // the oldest final fixes are emitted (handed to the caller)
	classes [4]uint8 // fixes in the window per Class
}

// at returns the i-th fix, 0 being the oldest.
func (w *window) at(i int) *node {
	j := w.head + i
	if j >= len(w.buf) {
		j -= len(w.buf)
	}
	return &w.buf[j]
}

// newest returns the i-th newest fix, 0 being the newest.
func (w *window) newest(i int) *node { return w.at(w.n - 1 - i) }

// push appends n, which joins with score m; when the window is full its
// oldest fix (emitted by then) leaves first, and n takes its slot.
func (w *window) push(n *Fix, m score) {
	var slot *node
	if w.n == len(w.buf) {
		slot = &w.buf[w.head]
		w.classes[slot.Class&3]--
		w.head++
		if w.head == len(w.buf) {
			w.head = 0
		}
		w.final = max(w.final-1, 0)
	} else {
		slot = w.at(w.n)
		w.n++
	}
	slot.Fix, slot.metric = *n, m
	w.classes[n.Class&3]++
}

// pop removes the newest fix (never an emitted one).
func (w *window) pop() {
	w.classes[w.newest(0).Class&3]--
	w.n--
	w.final = min(w.final, w.n)
}

// reset empties the window.
func (w *window) reset() { w.head, w.n, w.final, w.classes = 0, 0, 0, [4]uint8{} }

// has reports whether a fix of class c is in the window.
func (w *window) has(c Class) bool { return w.classes[c&3] > 0 }
