package classic

// lanes is the number of argument vectors of extensional equality.
const lanes = 32

// column holds one value per argument vector.
type column [lanes]int

// The operations on columns write dst from the operands lane by lane,
// four lanes per step: evaluating columns is a quarter of an End(int)
// case, and the loop's own counting and branching were much of it. dst
// may be an operand: each step reads its lanes before writing them.
// lanes must be a multiple of 4; this does not compile otherwise.
var _ = [1]struct{}{}[lanes%4]

// fillCol sets every lane of dst to v.
func fillCol(dst *column, v int) {
	for i := 0; i < lanes; i += 4 {
		dst[i], dst[i+1], dst[i+2], dst[i+3] = v, v, v, v
	}
}

// negCol sets dst to -a, lane by lane (wrapping).
func negCol(dst, a *column) {
	for i := 0; i < lanes; i += 4 {
		dst[i], dst[i+1], dst[i+2], dst[i+3] = -a[i], -a[i+1], -a[i+2], -a[i+3]
	}
}

// addCol sets dst to a + b, lane by lane (wrapping).
func addCol(dst, a, b *column) {
	for i := 0; i < lanes; i += 4 {
		dst[i], dst[i+1], dst[i+2], dst[i+3] = a[i]+b[i], a[i+1]+b[i+1], a[i+2]+b[i+2], a[i+3]+b[i+3]
	}
}

// mulCol sets dst to a × b, lane by lane (wrapping).
func mulCol(dst, a, b *column) {
	for i := 0; i < lanes; i += 4 {
		dst[i], dst[i+1], dst[i+2], dst[i+3] = a[i]*b[i], a[i+1]*b[i+1], a[i+2]*b[i+2], a[i+3]*b[i+3]
	}
}
