package kernel

import "strconv"

// Fused selections: a threshold with refractoriness, Brian2's
// "(v > v_th) and not_refractory", selects in one pass over the block
// instead of three (the comparison, the and, the selection). The
// comparison's operator is in instr.n>>8, and flagS1 in instr.n marks a[1]
// as a scalar slot (opSelCmpAndVS).

// fuseOps turns the fused selections and blends on; tests turn them off to
// compare them with the general path.
var fuseOps = true

// fuseBlendDecays turns on opChainBlendDecay alone (benchmarks compare it
// with the blend and separate decays).
var fuseBlendDecays = true

// selCmpAnd appends to out the elements of the block (lo+j, or ix[j]) where
// a[j] op b[j] and m[j] != 0; b is nil when the right-hand side is the
// scalar bs. With a scalar right-hand side it tests eight elements at a time
// and looks closer only when one of them passes the comparison: most
// neurons are below threshold, and a branch per element costs much more
// than the comparisons, in WebAssembly above all.
func selCmpAnd(op iop, a, b []float64, bs float64, m []float64, lo int32, ix []int32, out []int32) []int32 {
	n := len(a)
	m = m[:n]
	if b != nil {
		b = b[:n]
		return selCmpAndRange(op, a, b, bs, m, lo, ix, out, 0, n)
	}
	// One scan per operator, each in a function of its own, so that the
	// comparison is not a call and the scan's loop holds few live values
	// (Go's WebAssembly backend keeps every value of a function live
	// through each of its loops); the scans test a group of eight without
	// a branch per element. The groups are those of a loop over j = 0, 8,
	// 16 ... whatever the operator.
	var scan func(a []float64, bs float64, j int) int
	switch op {
	case iGt:
		scan = scanGt
	case iGe:
		scan = scanGe
	case iLt:
		scan = scanLt
	case iLe:
		scan = scanLe
	default:
		return selCmpAndRange(op, a, nil, bs, m, lo, ix, out, 0, n)
	}
	j := 0
	for {
		if j = scan(a, bs, j); j > n-8 {
			break
		}
		out = selCmpAndRange(op, a, nil, bs, m, lo, ix, out, j, j+8)
		j += 8
	}
	return selCmpAndRange(op, a, nil, bs, m, lo, ix, out, j, n)
}

// scanGt returns the first j' = j + 8k with a[j'+i] > bs for some i < 8,
// or the first j' > len(a)-8 when there is none; scanGe, scanLt and
// scanLe do the same for >=, < and <=.
func scanGt(a []float64, bs float64, j int) int {
	for a := a[j:]; len(a) >= 8; a, j = a[8:], j+8 {
		a8 := a[:8:8]
		var u0, u1, u2, u3, u4, u5, u6, u7 uint8
		if a8[0] > bs {
			u0 = 1
		}
		if a8[1] > bs {
			u1 = 1
		}
		if a8[2] > bs {
			u2 = 1
		}
		if a8[3] > bs {
			u3 = 1
		}
		if a8[4] > bs {
			u4 = 1
		}
		if a8[5] > bs {
			u5 = 1
		}
		if a8[6] > bs {
			u6 = 1
		}
		if a8[7] > bs {
			u7 = 1
		}
		if u0|u1|u2|u3|u4|u5|u6|u7 != 0 {
			return j
		}
	}
	return j
}

func scanGe(a []float64, bs float64, j int) int {
	for a := a[j:]; len(a) >= 8; a, j = a[8:], j+8 {
		a8 := a[:8:8]
		var u0, u1, u2, u3, u4, u5, u6, u7 uint8
		if a8[0] >= bs {
			u0 = 1
		}
		if a8[1] >= bs {
			u1 = 1
		}
		if a8[2] >= bs {
			u2 = 1
		}
		if a8[3] >= bs {
			u3 = 1
		}
		if a8[4] >= bs {
			u4 = 1
		}
		if a8[5] >= bs {
			u5 = 1
		}
		if a8[6] >= bs {
			u6 = 1
		}
		if a8[7] >= bs {
			u7 = 1
		}
		if u0|u1|u2|u3|u4|u5|u6|u7 != 0 {
			return j
		}
	}
	return j
}

func scanLt(a []float64, bs float64, j int) int {
	for a := a[j:]; len(a) >= 8; a, j = a[8:], j+8 {
		a8 := a[:8:8]
		var u0, u1, u2, u3, u4, u5, u6, u7 uint8
		if a8[0] < bs {
			u0 = 1
		}
		if a8[1] < bs {
			u1 = 1
		}
		if a8[2] < bs {
			u2 = 1
		}
		if a8[3] < bs {
			u3 = 1
		}
		if a8[4] < bs {
			u4 = 1
		}
		if a8[5] < bs {
			u5 = 1
		}
		if a8[6] < bs {
			u6 = 1
		}
		if a8[7] < bs {
			u7 = 1
		}
		if u0|u1|u2|u3|u4|u5|u6|u7 != 0 {
			return j
		}
	}
	return j
}

func scanLe(a []float64, bs float64, j int) int {
	for a := a[j:]; len(a) >= 8; a, j = a[8:], j+8 {
		a8 := a[:8:8]
		var u0, u1, u2, u3, u4, u5, u6, u7 uint8
		if a8[0] <= bs {
			u0 = 1
		}
		if a8[1] <= bs {
			u1 = 1
		}
		if a8[2] <= bs {
			u2 = 1
		}
		if a8[3] <= bs {
			u3 = 1
		}
		if a8[4] <= bs {
			u4 = 1
		}
		if a8[5] <= bs {
			u5 = 1
		}
		if a8[6] <= bs {
			u6 = 1
		}
		if a8[7] <= bs {
			u7 = 1
		}
		if u0|u1|u2|u3|u4|u5|u6|u7 != 0 {
			return j
		}
	}
	return j
}

// selCmpAndRange is selCmpAnd over the elements [from, to) of the block,
// one at a time.
func selCmpAndRange(op iop, a, b []float64, bs float64, m []float64, lo int32, ix []int32, out []int32, from, to int) []int32 {
	for j := from; j < to; j++ {
		y := bs
		if b != nil {
			y = b[j]
		}
		if cmpOp(op, a[j], y) && m[j] != 0 {
			if ix != nil {
				out = append(out, ix[j])
			} else {
				out = append(out, lo+int32(j))
			}
		}
	}
	return out
}

// cmpOp is the comparison op of x and y.
func cmpOp(op iop, x, y float64) bool {
	switch op {
	case iLt:
		return x < y
	case iLe:
		return x <= y
	case iGt:
		return x > y
	case iGe:
		return x >= y
	case iEq:
		return x == y
	}
	return x != y
}

func opSelCmpAndVS(x *exec, in *instr) {
	n := x.n
	x.out = selCmpAnd(iop(in.n>>8), x.v[in.a[0]][:n], nil, x.s[in.a[1]], x.v[in.a[2]][:n], int32(x.lo), x.ix, x.out)
}

func opSelCmpAndVV(x *exec, in *instr) {
	n := x.n
	x.out = selCmpAnd(iop(in.n>>8), x.v[in.a[0]][:n], x.v[in.a[1]][:n], 0, x.v[in.a[2]][:n], int32(x.lo), x.ix, x.out)
}

// blendInt in instr.n marks a blend whose a1 is m, of which it takes
// int(m) itself, rather than int(m) computed. A chain blend
// (opChainBlend) has its number of terms in instr.n>>blendTermShift.
// A chain blend that also decays term columns (opChainBlendDecay) marks
// them in instr.n>>blendDecayShift.
const (
	blendInt        = 1 << 8
	blendTermShift  = 12
	blendDecayShift = 16
)

// opBlend computes x*k + (1 - k)*y, the conditional write of a variable
// held by refractoriness (k = int(not_refractory)), with the operations and
// rounding of the general path: float64(x*k) + float64((1-k)*y).
func opBlend(x *exec, in *instr) {
	n := x.n
	d := x.v[in.dst][:n]
	a := x.v[in.a[0]][:n]
	k := x.v[in.a[1]][:n]
	y := x.v[in.a[2]][:n]
	isInt := in.n&blendInt != 0
	m := uint64(1<<64 - 1)
	for j := range d {
		kj := k[j]
		if isInt {
			kj = fnTrunc(kj)
		}
		r := float64(a[j]*kj) + float64((1-kj)*y[j])
		d[j] = r
		m = min(m, subKey(r))
	}
	if in.flush && m < subLim {
		flushSlice(d)
	}
}

// opChainBlend is opBlend whose x is a chain y0*c0 + y1*c1 + ... (2 to 4
// products of a vector and an invariant, the operands a[0..2t-1]) computed
// in the same loop, as the chainL operations compute it; m and y follow.
// k is always int(m).
func opChainBlend(x *exec, in *instr) {
	n := x.n
	t := int(in.n >> blendTermShift)
	d := x.v[in.dst][:n]
	mk := x.v[in.a[2*t]][:n]
	y := x.v[in.a[2*t+1]][:n]
	y0, c0 := x.v[in.a[0]][:n], x.s[in.a[1]]
	y1, c1 := x.v[in.a[2]][:n], x.s[in.a[3]]
	m := uint64(1<<64 - 1)
	switch t {
	case 2:
		for j := range d {
			kj := fnTrunc(mk[j])
			r := float64(y0[j]*c0) + float64(y1[j]*c1)
			r = float64(r*kj) + float64((1-kj)*y[j])
			d[j] = r
			m = min(m, subKey(r))
		}
	case 3:
		y2, c2 := x.v[in.a[4]][:n], x.s[in.a[5]]
		for j := range d {
			kj := fnTrunc(mk[j])
			r := (float64(y0[j]*c0) + float64(y1[j]*c1)) + float64(y2[j]*c2)
			r = float64(r*kj) + float64((1-kj)*y[j])
			d[j] = r
			m = min(m, subKey(r))
		}
	case 4:
		y2, c2 := x.v[in.a[4]][:n], x.s[in.a[5]]
		y3, c3 := x.v[in.a[6]][:n], x.s[in.a[7]]
		for j := range d {
			kj := fnTrunc(mk[j])
			r := ((float64(y0[j]*c0) + float64(y1[j]*c1)) + float64(y2[j]*c2)) + float64(y3[j]*c3)
			r = float64(r*kj) + float64((1-kj)*y[j])
			d[j] = r
			m = min(m, subKey(r))
		}
	default:
		panic("kernel: internal error: chain blend of " + strconv.Itoa(t) + " terms")
	}
	if in.flush && m < subLim {
		flushSlice(d)
	}
}
