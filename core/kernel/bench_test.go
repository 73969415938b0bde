package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// The benchmarks run each model's update as a compiled kernel and as a
// hand-written Go loop of the same maths (same functions, same order of
// operations, same subnormal flushing), side by side.
// TestBaselinesMatchKernels checks that both give the same bits.

// Parameters as float64 variables, not Go constants: Go folds constant
// expressions exactly, which would round differently from the kernel.
var (
	lifTaum, lifTaue, lifTaui = 0.02, 0.005, 0.01
	lifEl                     = -0.049
	lifDt                     = 1e-4
)

// lifCode is Brian2's CUBA after exact integration, in the shape Brian2's
// state updater gives it: temporaries first, then the copies.
const lifCode = `
_v = El + (v - El)*exp(-dt/taum) + ge*(taue/(taue - taum)*(exp(-dt/taue) - exp(-dt/taum))) + gi*(taui/(taui - taum)*(exp(-dt/taui) - exp(-dt/taum)))
_ge = ge*exp(-dt/taue)
_gi = gi*exp(-dt/taui)
v = _v
ge = _ge
gi = _gi
`

// lifIntegCode is the same update as core/integ's exact method writes it:
// each input's propagator in parentheses, a loop invariant.
const lifIntegCode = `
_v = v * exp(-dt / taum) + ge * (dt * exp(-dt / taue) * exprel((-1 / taum + 1 / taue) * dt) / taum) + gi * (dt * exp(-dt / taui) * exprel((-1 / taum + 1 / taui) * dt) / taum) + El * dt * exprel(-dt / taum) / taum
_ge = ge * exp(-dt / taue)
_gi = gi * exp(-dt / taui)
v = _v
ge = _ge
gi = _gi
`

type lifState struct {
	env       *env
	v, ge, gi []float64
	dt        *Column
}

func newLIF(n int) *lifState {
	r := rand.New(rand.NewPCG(1, uint64(n)))
	e := newEnv()
	s := &lifState{env: e}
	s.v = make([]float64, n)
	s.ge = make([]float64, n)
	s.gi = make([]float64, n)
	for i := range s.v {
		s.v[i] = -0.06 + r.Float64()*0.01
		s.ge[i] = r.Float64() * 0.004
		s.gi[i] = -r.Float64() * 0.01
	}
	e.vec("v", s.v)
	e.vec("ge", s.ge)
	e.vec("gi", s.gi)
	s.dt = e.scalar("dt", lifDt)
	e.consts["El"], e.consts["taum"], e.consts["taue"], e.consts["taui"] = lifEl, lifTaum, lifTaue, lifTaui
	return s
}

// kick keeps the synaptic variables from decaying away during long
// benchmarks, as spikes would.
func (s *lifState) kick() {
	for i := range s.ge {
		s.ge[i] += 0.001
		s.gi[i] -= 0.002
	}
}

// lifHand is the hand-written loop of lifCode.
func lifHand(v, ge, gi []float64, dt float64) {
	em := fnExp(-dt / lifTaum)
	ee := fnExp(-dt / lifTaue)
	ei := fnExp(-dt / lifTaui)
	ae := lifTaue / (lifTaue - lifTaum) * (ee - em)
	ai := lifTaui / (lifTaui - lifTaum) * (ei - em)
	ge = ge[:len(v)]
	gi = gi[:len(v)]
	m := uint64(1<<64 - 1)
	for k, x := range v {
		e, i := ge[k], gi[k]
		nv := float64(float64(lifEl+float64((x-lifEl)*em))+float64(e*ae)) + float64(i*ai)
		ne := e * ee
		ni := i * ei
		v[k], ge[k], gi[k] = nv, ne, ni
		m = min(m, subKey(nv), subKey(ne), subKey(ni))
	}
	if m < subLim {
		flushSlice(v)
		flushSlice(ge)
		flushSlice(gi)
	}
}

// lifHandNoFlush is lifHand without the subnormal check, to measure it.
func lifHandNoFlush(v, ge, gi []float64, dt float64) {
	em := fnExp(-dt / lifTaum)
	ee := fnExp(-dt / lifTaue)
	ei := fnExp(-dt / lifTaui)
	ae := lifTaue / (lifTaue - lifTaum) * (ee - em)
	ai := lifTaui / (lifTaui - lifTaum) * (ei - em)
	ge = ge[:len(v)]
	gi = gi[:len(v)]
	for k, x := range v {
		e, i := ge[k], gi[k]
		v[k] = float64(float64(lifEl+float64((x-lifEl)*em))+float64(e*ae)) + float64(i*ai)
		ge[k] = e * ee
		gi[k] = i * ei
	}
}

// lifHandIntegForm is the hand-written loop of lifIntegCode.
func lifHandIntegForm(v, ge, gi []float64, dt float64) {
	em := fnExp(-dt / lifTaum)
	ee := fnExp(-dt / lifTaue)
	ei := fnExp(-dt / lifTaui)
	xe := fnExprel((-1/lifTaum + 1/lifTaue) * dt)
	xi := fnExprel((-1/lifTaum + 1/lifTaui) * dt)
	c := lifEl * dt * fnExprel(-dt/lifTaum) / lifTaum
	pe := dt * ee * xe / lifTaum // the propagators integ writes in parentheses
	pi := dt * ei * xi / lifTaum
	ge = ge[:len(v)]
	gi = gi[:len(v)]
	m := uint64(1<<64 - 1)
	for k, x := range v {
		e, i := ge[k], gi[k]
		nv := float64(float64(float64(x*em)+float64(e*pe))+float64(i*pi)) + c
		ne := e * ee
		ni := i * ei
		v[k], ge[k], gi[k] = nv, ne, ni
		m = min(m, subKey(nv), subKey(ne), subKey(ni))
	}
	if m < subLim {
		flushSlice(v)
		flushSlice(ge)
		flushSlice(gi)
	}
}

// COBAHH (Brette et al. 2007, Brian2's examples/COBAHH.py) in SI units,
// integrated by exponential Euler in the shape core/integ writes it: the rate
// functions are substituted into each update (the kernel computes the
// repeated ones once).
var (
	hhCm, hhGl, hhEl, hhEK, hhENa = 2e-10, 1e-8, -0.06, -0.09, 0.05
	hhGna, hhGkd, hhVT            = 2e-5, 6e-6, -0.063
	hhTaue, hhTaui, hhEe, hhEi    = 0.005, 0.01, 0.0, -0.08
)

func hhCode() string {
	am := "(320*(0.013 - v + VT)/(exp((0.013 - v + VT)/0.004) - 1)/0.001)"
	bm := "(280*(v - VT - 0.04)/(exp((v - VT - 0.04)/0.005) - 1)/0.001)"
	ah := "(0.128*exp((0.017 - v + VT)/0.018)/0.001)"
	bh := "(4/(1 + exp((0.04 - v + VT)/0.005))/0.001)"
	an := "(32*(0.015 - v + VT)/(exp((0.015 - v + VT)/0.005) - 1)/0.001)"
	bn := "(0.5*exp((0.01 - v + VT)/0.04)/0.001)"
	gate := func(x, a, b string) string {
		r := strings.NewReplacer("X", x, "A", a, "B", b)
		return r.Replace("_X = X + dt*(A*(1 - X) - B*X)*exprel((-A - B)*dt)\n")
	}
	return "_ge = ge*exp(-dt/taue)\n_gi = gi*exp(-dt/taui)\n" +
		gate("h", ah, bh) + gate("m", am, bm) + gate("n", an, bn) +
		"_v = v + dt*(gl*(El - v) + ge*(Ee - v) + gi*(Ei - v) - gna*(m*m*m)*h*(v - ENa) - gkd*(n*n*n*n)*(v - EK))/Cm*exprel((-gl - ge - gi - gna*(m*m*m)*h - gkd*(n*n*n*n))*dt/Cm)\n" +
		"ge = _ge\ngi = _gi\nh = _h\nm = _m\nn = _n\nv = _v\n"
}

type hhState struct {
	env                 *env
	v, m, n, h, ge, gi  []float64
	dt                  *Column
	v0, m0, n0, h0, ge0 []float64
}

func newHH(n int) *hhState {
	r := rand.New(rand.NewPCG(2, uint64(n)))
	e := newEnv()
	s := &hhState{env: e}
	mk := func(name string, f func() float64) []float64 {
		d := make([]float64, n)
		for i := range d {
			d[i] = f()
		}
		e.vec(name, d)
		return d
	}
	s.v = mk("v", func() float64 { return hhEl + (r.NormFloat64()*5-5)*1e-3 })
	s.m = mk("m", func() float64 { return 0.05 + 0.02*r.Float64() })
	s.n = mk("n", func() float64 { return 0.3 + 0.05*r.Float64() })
	s.h = mk("h", func() float64 { return 0.6 + 0.05*r.Float64() })
	s.ge = mk("ge", func() float64 { return (r.NormFloat64()*1.5 + 4) * 10e-9 })
	s.gi = mk("gi", func() float64 { return (r.NormFloat64()*12 + 20) * 10e-9 })
	s.dt = e.scalar("dt", 1e-4)
	for name, v := range map[string]float64{"Cm": hhCm, "gl": hhGl, "El": hhEl, "EK": hhEK, "ENa": hhENa,
		"gna": hhGna, "gkd": hhGkd, "VT": hhVT, "taue": hhTaue, "taui": hhTaui, "Ee": hhEe, "Ei": hhEi} {
		e.consts[name] = v
	}
	return s
}

// hhHand is the hand-written loop of hhCode: each rate computed once, in
// the order of operations of the code.
func hhHand(v, m, n, h, ge, gi []float64, dt float64) {
	de := fnExp(-dt / hhTaue)
	di := fnExp(-dt / hhTaui)
	m, n, h, ge, gi = m[:len(v)], n[:len(v)], h[:len(v)], ge[:len(v)], gi[:len(v)]
	mm := uint64(1<<64 - 1)
	for k, V := range v {
		M, N, H, GE, GI := m[k], n[k], h[k], ge[k], gi[k]
		u13 := 0.013 - V + hhVT
		am := 320 * u13 / (fnExp(u13/0.004) - 1) / 0.001
		u40 := V - hhVT - 0.04
		bm := 280 * u40 / (fnExp(u40/0.005) - 1) / 0.001
		ah := 0.128 * fnExp((0.017-V+hhVT)/0.018) / 0.001
		bh := 4 / (1 + fnExp((0.04-V+hhVT)/0.005)) / 0.001
		u15 := 0.015 - V + hhVT
		an := 32 * u15 / (fnExp(u15/0.005) - 1) / 0.001
		bn := 0.5 * fnExp((0.01-V+hhVT)/0.04) / 0.001
		nh := H + float64(float64(dt*(float64(ah*(1-H))-float64(bh*H)))*fnExprel((-ah-bh)*dt))
		nm := M + float64(float64(dt*(float64(am*(1-M))-float64(bm*M)))*fnExprel((-am-bm)*dt))
		nn := N + float64(float64(dt*(float64(an*(1-N))-float64(bn*N)))*fnExprel((-an-bn)*dt))
		gna := hhGna * (M * M * M) * H
		gkd := hhGkd * (N * N * N * N)
		num := float64(float64(float64(float64(hhGl*(hhEl-V))+float64(GE*(hhEe-V)))+float64(GI*(hhEi-V)))-float64(gna*(V-hhENa))) - float64(gkd*(V-hhEK))
		rate := (-hhGl - GE - GI - gna - gkd) * dt / hhCm
		nv := V + float64(dt*num/hhCm*fnExprel(rate))
		nge := GE * de
		ngi := GI * di
		v[k], m[k], n[k], h[k], ge[k], gi[k] = nv, nm, nn, nh, nge, ngi
		mm = min(mm, subKey(nv), subKey(nm), subKey(nn), subKey(nh), subKey(nge), subKey(ngi))
	}
	if mm < subLim {
		for _, d := range [][]float64{v, m, n, h, ge, gi} {
			flushSlice(d)
		}
	}
}

func TestBaselinesMatchKernels(t *testing.T) {
	type model struct {
		name  string
		code  string
		hand  func(s *lifState)
		steps int
	}
	for _, mdl := range []model{
		{"LIF", lifCode, func(s *lifState) { lifHand(s.v, s.ge, s.gi, s.dt.Data[0]) }, 50},
		{"LIF-integ-form", lifIntegCode, func(s *lifState) { lifHandIntegForm(s.v, s.ge, s.gi, s.dt.Data[0]) }, 50},
	} {
		a, b := newLIF(1000), newLIF(1000)
		k, err := Compile(a.env.parse(t, mdl.code))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < mdl.steps; i++ {
			k.Run(0, len(a.v), nil)
			mdl.hand(b)
		}
		for _, c := range [][2][]float64{{a.v, b.v}, {a.ge, b.ge}, {a.gi, b.gi}} {
			for i := range c[0] {
				if !sameBits(c[0][i], c[1][i]) {
					t.Fatalf("%s: kernel %v, hand %v at %d\n%s", mdl.name, c[0][i], c[1][i], i, k)
				}
			}
		}
	}
	a, b := newHH(1000), newHH(1000)
	k, err := Compile(a.env.parse(t, hhCode()))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		k.Run(0, len(a.v), nil)
		hhHand(b.v, b.m, b.n, b.h, b.ge, b.gi, b.dt.Data[0])
	}
	for j, c := range [][2][]float64{{a.v, b.v}, {a.m, b.m}, {a.n, b.n}, {a.h, b.h}, {a.ge, b.ge}, {a.gi, b.gi}} {
		for i := range c[0] {
			if !sameBits(c[0][i], c[1][i]) {
				t.Fatalf("HH variable %d: kernel %v, hand %v at %d\n%s", j, c[0][i], c[1][i], i, k)
			}
		}
	}
}

func perElement(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/elem")
}

func BenchmarkLIF(b *testing.B) {
	for _, n := range []int{4000, 1000000} {
		for _, variant := range []string{"kernel", "hand", "hand-noflush", "kernel-integ-form", "hand-integ-form"} {
			b.Run(fmt.Sprintf("N=%d/%s", n, variant), func(b *testing.B) {
				s := newLIF(n)
				var step func()
				switch variant {
				case "kernel", "kernel-integ-form":
					code := lifCode
					if variant == "kernel-integ-form" {
						code = lifIntegCode
					}
					k, err := Compile(s.env.parse(b, code))
					if err != nil {
						b.Fatal(err)
					}
					step = func() { k.Run(0, n, nil) }
				case "hand":
					step = func() { lifHand(s.v, s.ge, s.gi, s.dt.Data[0]) }
				case "hand-noflush":
					step = func() { lifHandNoFlush(s.v, s.ge, s.gi, s.dt.Data[0]) }
				case "hand-integ-form":
					step = func() { lifHandIntegForm(s.v, s.ge, s.gi, s.dt.Data[0]) }
				}
				i := 0
				for b.Loop() {
					step()
					if i++; i%1000 == 0 {
						s.kick()
					}
				}
				perElement(b, n)
			})
		}
	}
}

func BenchmarkHH(b *testing.B) {
	const n = 4000
	for _, variant := range []string{"kernel", "hand"} {
		b.Run(fmt.Sprintf("N=%d/%s", n, variant), func(b *testing.B) {
			s := newHH(n)
			var step func()
			if variant == "kernel" {
				k, err := Compile(s.env.parse(b, hhCode()))
				if err != nil {
					b.Fatal(err)
				}
				step = func() { k.Run(0, n, nil) }
			} else {
				step = func() { hhHand(s.v, s.m, s.n, s.h, s.ge, s.gi, s.dt.Data[0]) }
			}
			for b.Loop() {
				step()
			}
			perElement(b, n)
		})
	}
}

// BenchmarkDecay measures the subnormal check alone: x = x*c over 4000
// elements by a kernel as a simulation runs it (checking on one step in
// FlushEvery, see FlushStep), by a
// kernel that checks on every run, by a hand loop without the check, and
// by that loop on values that stay subnormal.
func BenchmarkDecay(b *testing.B) {
	const n = 4000
	for _, variant := range []string{"kernel", "kernel-checked", "noflush", "subnormal-noflush"} {
		b.Run(variant, func(b *testing.B) {
			e := newEnv()
			x := make([]float64, n)
			for i := range x {
				x[i] = 1
				if variant == "subnormal-noflush" {
					x[i] = 1e-310
				}
			}
			e.vec("x", x)
			k, err := Compile(e.parse(b, "x = x*0.999999"))
			if err != nil {
				b.Fatal(err)
			}
			step := int64(0)
			for b.Loop() {
				switch variant {
				case "kernel":
					k.RunFlush(0, n, nil, FlushStep(step, 1))
					step++
				case "kernel-checked":
					k.Run(0, n, nil)
				default:
					for i := range x {
						x[i] *= 0.999999
					}
				}
			}
			if variant == "subnormal-noflush" && math.Abs(x[0]) >= MinNormal {
				b.Fatal("not subnormal")
			}
			perElement(b, n)
		})
	}
}

// BenchmarkBlendDecay measures CUBA's state update with refractoriness,
// the chain blend of v with the decays of ge and gi, as one loop in the LIF
// form (lifBlend), as the general one loop (opChainBlendDecay) and as the
// blend then two decay loops, side by side.
func BenchmarkBlendDecay(b *testing.B) {
	const n = 4000
	code := "_v = v*0.9950124791926823 + ge*0.004937935295309004 + gi*0.004962645443514261 + (-0.0002443885195585667); " +
		"_ge = ge*0.9801986733067553; _gi = gi*0.9900498337491681; v = _v*int(m) + v*(1 - int(m)); ge = _ge; gi = _gi"
	for _, variant := range []string{"lif-loop", "one-loop", "three-loops"} {
		b.Run(variant, func(b *testing.B) {
			e := newEnv()
			r := rand.New(rand.NewPCG(1, 2))
			for _, name := range []string{"v", "ge", "gi", "m"} {
				d := make([]float64, n)
				for i := range d {
					d[i] = -0.06 + 0.01*r.Float64()
					if name == "m" {
						d[i] = float64(r.IntN(8) / 7)
					}
				}
				e.vec(name, d)
			}
			fuseBlendDecays = variant != "three-loops"
			k, err := Compile(e.parse(b, code))
			fuseBlendDecays = true
			if err != nil {
				b.Fatal(err)
			}
			if strings.Contains(k.String(), "chain blend decay") != (variant != "three-loops") {
				b.Fatalf("not the variant:\n%s", k)
			}
			fuseLIFBlend = variant == "lif-loop"
			step := int64(0)
			for b.Loop() {
				k.RunFlush(0, n, nil, FlushStep(step, 1)) // as a simulation's steps
				step++
			}
			fuseLIFBlend = true
			perElement(b, n)
		})
	}
}
