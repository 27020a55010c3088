package store

// appendDeltas is appendColumn with the column given by its selector
// (sogOf, cogOf or hdgOf), as the encoder took it before it selected
// columns by number; tests that split a block into its columns use it.
func appendDeltas(dst []byte, q []qfix, col func(*qfix) *int32, constant, whole bool) []byte {
	var f qfix
	c := colSOG
	switch col(&f) {
	case &f.cog:
		c = colCOG
	case &f.hdg:
		c = colHdg
	case &f.sog:
	default:
		panic("appendDeltas: not a column selector")
	}
	return appendColumn(dst, q, c, constant, whole)
}
