package kernel

// The block operations that are not generated: reads and writes through
// index arrays, the element index, random numbers, TimedArray lookups,
// integer powers, broadcasts and the subnormal check.

// opSpec describes a generated operation (ops_gen.go).
type opSpec struct {
	name, kinds, show string
	sel               bool
	checked           bool // stored results need the subnormal check
	fn, fnF           func(*exec, *instr)
}

type special uint8

const (
	spNone      special = iota
	spGather            // dst = col[via[k]]
	spIota              // dst = k
	spRand              // dst = rand()
	spRandn             // dst = randn()
	spPoisson           // dst = poisson(a0)
	spLookup            // dst = ta(a0) or ta(a0, a1)
	spPowi              // dst = a0**n
	spFill              // dst = flush(s[a0])
	spFlush             // flush the subnormal values of dst
	spScatter           // col[via[k]] aop= a0
	spSelAll            // select every element when s[a0] != 0
	spSelCmpAnd         // select where a0 op a1 and a2 != 0 (ops_fused.go)
	spBlend             // dst = a0*k + (1 - k)*a2, k = a1 or int(a1) (ops_fused.go)
)

// Operand kind flags in instr.n for the operations that accept either kind.
const (
	flagS0 = 1 << iota // operand 0 is a scalar slot
	flagS1             // operand 1 is a scalar slot
)

func opGather(x *exec, in *instr) {
	n := x.n
	d := x.v[in.dst][:n]
	c := in.col.Data
	via := in.via.Data
	if x.ix == nil {
		vv := via[x.lo : x.lo+n]
		for j, p := range vv {
			d[j] = c[p]
		}
		return
	}
	for j, e := range x.ix[:n] {
		d[j] = c[via[e]]
	}
}

func opIota(x *exec, in *instr) {
	n := x.n
	d := x.v[in.dst][:n]
	if x.ix == nil {
		for j := range d {
			d[j] = float64(x.lo + j)
		}
		return
	}
	for j, e := range x.ix[:n] {
		d[j] = float64(e)
	}
}

func opRand(x *exec, in *instr) {
	d := x.v[in.dst][:x.n]
	r := x.rng
	for j := range d {
		d[j] = r.Float64()
	}
}

func opRandn(x *exec, in *instr) {
	d := x.v[in.dst][:x.n]
	r := x.rng
	for j := range d {
		d[j] = gauss(r)
	}
}

func opPoisson(x *exec, in *instr) {
	n := x.n
	d := x.v[in.dst][:n]
	r := x.rng
	if in.n&flagS0 != 0 {
		lam := x.s[in.a[0]]
		for j := range d {
			d[j] = poisson(r, lam)
		}
		return
	}
	a := x.v[in.a[0]][:n]
	for j := range d {
		d[j] = poisson(r, a[j])
	}
}

func opLookup(x *exec, in *instr) {
	n := x.n
	d := x.v[in.dst][:n]
	ta := in.ta
	if !ta.TwoD {
		t := x.v[in.a[0]][:n]
		for j := range d {
			d[j] = ta.At(t[j])
		}
		return
	}
	switch in.n & (flagS0 | flagS1) {
	case flagS0: // ta(t, i): one row for the block
		row := ta.row(x.s[in.a[0]])
		i := x.v[in.a[1]][:n]
		for j := range d {
			d[j] = ta.cell(row, i[j])
		}
	case flagS1:
		t := x.v[in.a[0]][:n]
		i := x.s[in.a[1]]
		for j := range d {
			d[j] = ta.At2(t[j], i)
		}
	default:
		t := x.v[in.a[0]][:n]
		i := x.v[in.a[1]][:n]
		for j := range d {
			d[j] = ta.At2(t[j], i[j])
		}
	}
}

func opPowi(x *exec, in *instr) {
	n := x.n
	d := x.v[in.dst][:n]
	a := x.v[in.a[0]][:n]
	e := int(in.n)
	for j := range d {
		d[j] = powi(a[j], e)
	}
}

func opFill(x *exec, in *instr) {
	d := x.v[in.dst][:x.n]
	v := flush(x.s[in.a[0]])
	for j := range d {
		d[j] = v
	}
}

func opFlush(x *exec, in *instr) {
	d := x.v[in.dst][:x.n]
	m := uint64(1<<64 - 1)
	for _, r := range d {
		m = min(m, subKey(r))
	}
	if m < subLim {
		flushSlice(d)
	}
}

func opSelAll(x *exec, in *instr) {
	if x.s[in.a[0]] == 0 {
		return
	}
	out := x.out
	if x.ix != nil {
		out = append(out, x.ix[:x.n]...)
	} else {
		for j := 0; j < x.n; j++ {
			out = append(out, int32(x.lo+j))
		}
	}
	x.out = out
}

// opScatter applies col[via[k]] aop= value for the block's elements k, in
// order, so that repeated indices all accumulate.
func opScatter(x *exec, in *instr) {
	n := x.n
	var pos []int32
	via := in.via.Data
	if x.ix == nil {
		pos = via[x.lo : x.lo+n]
	} else {
		pos = x.pos[:n]
		for j, e := range x.ix[:n] {
			pos[j] = via[e]
		}
	}
	d := in.col.Data
	m := uint64(1<<64 - 1)
	if in.n&flagS0 != 0 {
		v := x.s[in.a[0]]
		switch in.aop {
		case Assign:
			for _, p := range pos {
				d[p] = v
			}
			m = subKey(v)
		case AddAssign:
			for _, p := range pos {
				r := d[p] + v
				d[p] = r
				m = min(m, subKey(r))
			}
		case SubAssign:
			for _, p := range pos {
				r := d[p] - v
				d[p] = r
				m = min(m, subKey(r))
			}
		case MulAssign:
			for _, p := range pos {
				r := d[p] * v
				d[p] = r
				m = min(m, subKey(r))
			}
		case DivAssign:
			for _, p := range pos {
				r := d[p] / v
				d[p] = r
				m = min(m, subKey(r))
			}
		}
	} else {
		a := x.v[in.a[0]][:n]
		a = a[:len(pos)]
		switch in.aop {
		case Assign:
			for j, p := range pos {
				r := a[j]
				d[p] = r
				m = min(m, subKey(r))
			}
		case AddAssign:
			for j, p := range pos {
				r := d[p] + a[j]
				d[p] = r
				m = min(m, subKey(r))
			}
		case SubAssign:
			for j, p := range pos {
				r := d[p] - a[j]
				d[p] = r
				m = min(m, subKey(r))
			}
		case MulAssign:
			for j, p := range pos {
				r := d[p] * a[j]
				d[p] = r
				m = min(m, subKey(r))
			}
		case DivAssign:
			for j, p := range pos {
				r := d[p] / a[j]
				d[p] = r
				m = min(m, subKey(r))
			}
		}
	}
	if m < subLim {
		for _, p := range pos {
			d[p] = flush(d[p])
		}
	}
}
