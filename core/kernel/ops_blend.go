package kernel

import "strconv"

// opChainBlendDecay is opChainBlend that also decays the columns of some of
// the chain's terms, y = y*f, in the same loop: the update of a LIF neuron
// held by refractoriness whose exponential synapses decay (CUBA: v's exact
// update, then ge *= f_e and gi *= f_i). Each element's chain reads the
// terms before the decays overwrite them, as the separate passes did. The
// terms that decay are the bits of (instr.n>>blendDecayShift)&0xf, their
// factors the scalar operands after m and y. A checking run flushes the
// block's stores afterwards, which gives the bits of checking each store.
// The loops are written out per number of terms and of decays, so that the
// element loop has no branch.
func opChainBlendDecay(x *exec, in *instr) {
	n := x.n
	t := int(in.n>>blendTermShift) & 0xf
	mask := int(in.n>>blendDecayShift) & 0xf
	d := x.v[in.dst][:n]
	mk := x.v[in.a[2*t]][:n]
	y := x.v[in.a[2*t+1]][:n]
	var ys [4][]float64
	var cs [4]float64
	for i := range t {
		ys[i], cs[i] = x.v[in.a[2*i]][:n], x.s[in.a[2*i+1]]
	}
	var ds [3][]float64
	var fs [3]float64
	nd := 0
	for i := range t {
		if mask&(1<<i) != 0 {
			ds[nd], fs[nd] = ys[i], x.s[in.a[2*t+2+nd]]
			nd++
		}
	}
	if fuseLIFBlend && lifBlend(in, t, mask, nd, d, mk, y, &ys, &cs, &fs) {
		return
	}
	y0, y1, y2, y3 := ys[0], ys[1], ys[2], ys[3]
	c0, c1, c2, c3 := cs[0], cs[1], cs[2], cs[3]
	d0, d1, d2 := ds[0], ds[1], ds[2]
	f0, f1, f2 := fs[0], fs[1], fs[2]
	switch t*4 + nd {
	case 9:
		y0 = y0[:len(d)]
		y1 = y1[:len(d)]
		d0 = d0[:len(d)]
		mk, y := mk[:len(d)], y[:len(d)]
		for j := range d {
			kj := fnTrunc(mk[j])
			r := float64(y0[j]*c0) + float64(y1[j]*c1)
			r = float64(r*kj) + float64((1-kj)*y[j])
			v0 := d0[j] * f0
			d[j] = r
			d0[j] = v0
		}
	case 10:
		y0 = y0[:len(d)]
		y1 = y1[:len(d)]
		d0 = d0[:len(d)]
		d1 = d1[:len(d)]
		mk, y := mk[:len(d)], y[:len(d)]
		for j := range d {
			kj := fnTrunc(mk[j])
			r := float64(y0[j]*c0) + float64(y1[j]*c1)
			r = float64(r*kj) + float64((1-kj)*y[j])
			v0 := d0[j] * f0
			v1 := d1[j] * f1
			d[j] = r
			d0[j] = v0
			d1[j] = v1
		}
	case 13:
		y0 = y0[:len(d)]
		y1 = y1[:len(d)]
		y2 = y2[:len(d)]
		d0 = d0[:len(d)]
		mk, y := mk[:len(d)], y[:len(d)]
		for j := range d {
			kj := fnTrunc(mk[j])
			r := (float64(y0[j]*c0) + float64(y1[j]*c1)) + float64(y2[j]*c2)
			r = float64(r*kj) + float64((1-kj)*y[j])
			v0 := d0[j] * f0
			d[j] = r
			d0[j] = v0
		}
	case 14:
		y0 = y0[:len(d)]
		y1 = y1[:len(d)]
		y2 = y2[:len(d)]
		d0 = d0[:len(d)]
		d1 = d1[:len(d)]
		mk, y := mk[:len(d)], y[:len(d)]
		for j := range d {
			kj := fnTrunc(mk[j])
			r := (float64(y0[j]*c0) + float64(y1[j]*c1)) + float64(y2[j]*c2)
			r = float64(r*kj) + float64((1-kj)*y[j])
			v0 := d0[j] * f0
			v1 := d1[j] * f1
			d[j] = r
			d0[j] = v0
			d1[j] = v1
		}
	case 15:
		y0 = y0[:len(d)]
		y1 = y1[:len(d)]
		y2 = y2[:len(d)]
		d0 = d0[:len(d)]
		d1 = d1[:len(d)]
		d2 = d2[:len(d)]
		mk, y := mk[:len(d)], y[:len(d)]
		for j := range d {
			kj := fnTrunc(mk[j])
			r := (float64(y0[j]*c0) + float64(y1[j]*c1)) + float64(y2[j]*c2)
			r = float64(r*kj) + float64((1-kj)*y[j])
			v0 := d0[j] * f0
			v1 := d1[j] * f1
			v2 := d2[j] * f2
			d[j] = r
			d0[j] = v0
			d1[j] = v1
			d2[j] = v2
		}
	case 17:
		y0 = y0[:len(d)]
		y1 = y1[:len(d)]
		y2 = y2[:len(d)]
		y3 = y3[:len(d)]
		d0 = d0[:len(d)]
		mk, y := mk[:len(d)], y[:len(d)]
		for j := range d {
			kj := fnTrunc(mk[j])
			r := ((float64(y0[j]*c0) + float64(y1[j]*c1)) + float64(y2[j]*c2)) + float64(y3[j]*c3)
			r = float64(r*kj) + float64((1-kj)*y[j])
			v0 := d0[j] * f0
			d[j] = r
			d0[j] = v0
		}
	case 18:
		y0 = y0[:len(d)]
		y1 = y1[:len(d)]
		y2 = y2[:len(d)]
		y3 = y3[:len(d)]
		d0 = d0[:len(d)]
		d1 = d1[:len(d)]
		mk, y := mk[:len(d)], y[:len(d)]
		for j := range d {
			kj := fnTrunc(mk[j])
			r := ((float64(y0[j]*c0) + float64(y1[j]*c1)) + float64(y2[j]*c2)) + float64(y3[j]*c3)
			r = float64(r*kj) + float64((1-kj)*y[j])
			v0 := d0[j] * f0
			v1 := d1[j] * f1
			d[j] = r
			d0[j] = v0
			d1[j] = v1
		}
	case 19:
		y0 = y0[:len(d)]
		y1 = y1[:len(d)]
		y2 = y2[:len(d)]
		y3 = y3[:len(d)]
		d0 = d0[:len(d)]
		d1 = d1[:len(d)]
		d2 = d2[:len(d)]
		mk, y := mk[:len(d)], y[:len(d)]
		for j := range d {
			kj := fnTrunc(mk[j])
			r := ((float64(y0[j]*c0) + float64(y1[j]*c1)) + float64(y2[j]*c2)) + float64(y3[j]*c3)
			r = float64(r*kj) + float64((1-kj)*y[j])
			v0 := d0[j] * f0
			v1 := d1[j] * f1
			v2 := d2[j] * f2
			d[j] = r
			d0[j] = v0
			d1[j] = v1
			d2[j] = v2
		}
	default:
		panic("kernel: internal error: chain blend of " + strconv.Itoa(t) + " terms with " + strconv.Itoa(nd) + " decays")
	}
	if in.flush {
		flushSlice(d)
		for _, dk := range ds[:nd] {
			flushSlice(dk)
		}
	}
}

// blendOnesLast in instr.n marks a chain blend whose last term is the
// vector of ones times a constant (the constant of a LIF neuron's exact
// update): float64(1*c) is c, so the loops of lifBlend add c itself.
const blendOnesLast = 1 << 24

// fuseLIFBlend turns lifBlend on; tests and benchmarks compare it with the
// general loop.
var fuseLIFBlend = true

// lifBlend is opChainBlendDecay in the shape of a LIF neuron's update held
// by refractoriness, v = (v*c0 + g1*c1 + ... [+ c])*int(m) + (1 - int(m))*v
// with every g decaying in place (CUBA: v, ge, gi), written with one slice
// per column: the general loop's nine slices, three of them v, are more
// than WebAssembly's registers hold. It reports false, doing nothing, for
// any other shape. The operations and their order are those of the
// general loop.
func lifBlend(in *instr, t, mask, nd int, d, mk, y []float64, ys *[4][]float64, cs *[4]float64, fs *[3]float64) bool {
	ones := in.n&blendOnesLast != 0
	terms := t - 1 // decaying terms 1..terms
	if ones {
		terms = t - 2
	}
	if len(d) == 0 || terms < 1 || nd != terms || mask != (1<<(terms+1))-2 || &d[0] != &y[0] || &d[0] != &ys[0][0] {
		return false
	}
	v := d
	c0 := cs[0]
	kc := cs[t-1] // the constant, when ones
	switch {
	case terms == 1 && !ones:
		lif1(v, ys[1], mk, c0, cs[1], fs[0])
	case terms == 1 && ones:
		lif1K(v, ys[1], mk, c0, cs[1], kc, fs[0])
	case terms == 2 && !ones:
		lif2(v, ys[1], ys[2], mk, c0, cs[1], cs[2], fs[0], fs[1])
	case terms == 2 && ones:
		lif2K(v, ys[1], ys[2], mk, c0, cs[1], cs[2], kc, fs[0], fs[1])
	case terms == 3 && !ones:
		lif3(v, ys[1], ys[2], ys[3], mk, c0, cs[1], cs[2], cs[3], fs[0], fs[1], fs[2])
	default:
		return false
	}
	if in.flush {
		flushSlice(v)
		for i := 1; i <= terms; i++ {
			flushSlice(ys[i][:len(v)])
		}
	}
	return true
}

// The loops of lifBlend, one function each: Go's WebAssembly backend
// makes every loop of a function one loop of the whole function, through
// which all of the function's values stay live (a backward jump goes
// through its dispatch table), so a loop in a function of its own has
// only its own values live. In WebAssembly (Node, all code optimised)
// that took CUBA 1 000's whole loop from 0.096 to 0.083 s of processor
// time (fastest of three, alternated). They are not inlined, for the same
// reason. The arithmetic is the general loop's, in its order
// (TestBlendDecayMatches).

//go:noinline
func lif1(v, g1, mk []float64, c0, c1, f1 float64) {
	g1, mk = g1[:len(v)], mk[:len(v)]
	for j := range v {
		vj, a := v[j], g1[j]
		kj := fnTrunc(mk[j])
		r := float64(vj*c0) + float64(a*c1)
		r = float64(r*kj) + float64((1-kj)*vj)
		v[j], g1[j] = r, a*f1
	}
}

//go:noinline
func lif1K(v, g1, mk []float64, c0, c1, kc, f1 float64) {
	g1, mk = g1[:len(v)], mk[:len(v)]
	for j := range v {
		vj, a := v[j], g1[j]
		kj := fnTrunc(mk[j])
		r := (float64(vj*c0) + float64(a*c1)) + kc
		r = float64(r*kj) + float64((1-kj)*vj)
		v[j], g1[j] = r, a*f1
	}
}

//go:noinline
func lif2(v, g1, g2, mk []float64, c0, c1, c2, f1, f2 float64) {
	g1, g2, mk = g1[:len(v)], g2[:len(v)], mk[:len(v)]
	for j := range v {
		vj, a, b := v[j], g1[j], g2[j]
		kj := fnTrunc(mk[j])
		r := (float64(vj*c0) + float64(a*c1)) + float64(b*c2)
		r = float64(r*kj) + float64((1-kj)*vj)
		v[j], g1[j], g2[j] = r, a*f1, b*f2
	}
}

//go:noinline
func lif2K(v, g1, g2, mk []float64, c0, c1, c2, kc, f1, f2 float64) {
	g1, g2, mk = g1[:len(v)], g2[:len(v)], mk[:len(v)]
	for j := range v {
		vj, a, b := v[j], g1[j], g2[j]
		kj := fnTrunc(mk[j])
		r := ((float64(vj*c0) + float64(a*c1)) + float64(b*c2)) + kc
		r = float64(r*kj) + float64((1-kj)*vj)
		v[j], g1[j], g2[j] = r, a*f1, b*f2
	}
}

//go:noinline
func lif3(v, g1, g2, g3, mk []float64, c0, c1, c2, c3, f1, f2, f3 float64) {
	g1, g2, g3, mk = g1[:len(v)], g2[:len(v)], g3[:len(v)], mk[:len(v)]
	for j := range v {
		vj, a, b, c := v[j], g1[j], g2[j], g3[j]
		kj := fnTrunc(mk[j])
		r := ((float64(vj*c0) + float64(a*c1)) + float64(b*c2)) + float64(c*c3)
		r = float64(r*kj) + float64((1-kj)*vj)
		v[j], g1[j], g2[j], g3[j] = r, a*f1, b*f2, c*f3
	}
}
