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
