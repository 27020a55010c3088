package track

// window is a segment's look-back window: its newest fixes, at most
// len(buf), oldest first, in a ring. Fixes leave it from the front once
// final (emitted) or from the back when the look-back drops them.
type window struct {
	buf  []node // capacity Lookback, allocated once per segState
	head int    // index of the oldest fix
	n    int    // fixes in the window
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

// push appends n; when the window is full its oldest fix leaves first.
func (w *window) push(n *node) {
	if w.n == len(w.buf) {
		w.head++
		if w.head == len(w.buf) {
			w.head = 0
		}
		w.n--
	}
	*w.at(w.n) = *n
	w.n++
}

// pop removes the newest fix.
func (w *window) pop() { w.n-- }

// reset empties the window.
func (w *window) reset() { w.head, w.n = 0, 0 }
