package spatial

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/morph"
)

// randomTree returns a random neuron of nsec sections: a soma or a cylinder
// at the root, then cylinders and tapering sections (truncated cones) of 1
// to 4 compartments attached below random sections.
func randomTree(rng *rand.Rand, nsec int, soma bool) *morph.Section {
	var root *morph.Section
	if soma {
		root = morph.Must(morph.NewSoma((5 + 25*rng.Float64()) * um))
	} else {
		root = randomSection(rng)
	}
	secs := []*morph.Section{root}
	for k := 1; k < nsec; k++ {
		p := secs[rng.IntN(len(secs))]
		c := randomSection(rng)
		must(p.Add(fmt.Sprintf("s%d", k), c))
		secs = append(secs, c)
	}
	return root
}

func randomSection(rng *rand.Rand) *morph.Section {
	n := 1 + rng.IntN(4)
	if rng.IntN(2) == 0 {
		return morph.Must(morph.NewCylinder(n, (5+200*rng.Float64())*um, (0.3+3*rng.Float64())*um))
	}
	d, l := make([]float64, n+1), make([]float64, n)
	for i := range d {
		d[i] = (0.3 + 3*rng.Float64()) * um
	}
	for i := range l {
		l[i] = (1 + 50*rng.Float64()) * um
	}
	return morph.Must(morph.NewSection(d, l))
}

// randomInputs returns a random state and membrane for n compartments:
// v around rest, Cm of 0.5 to 2 uF/cm², gtot of -5e-4 to 1e-3 S/cm² (an
// active membrane can have a negative slope conductance) but above
// -Cm/(2*dt) for a step of dt, I0 to match, and point currents into a few
// compartments.
func randomInputs(rng *rand.Rand, n int, dt float64) (v, cm, i0, gtot, point []float64) {
	v, cm, i0, gtot, point = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		v[i] = -0.08 + 0.1*rng.Float64()
		cm[i] = 0.005 + 0.015*rng.Float64()
		gtot[i] = max(-5+15*rng.Float64(), -cm[i]/(2*dt))
		i0[i] = gtot[i]*(-0.07+0.1*rng.Float64()) + rng.NormFloat64()
		if rng.IntN(5) == 0 {
			point[i] = 1e-10 * rng.NormFloat64()
		}
	}
	return
}

func maxAbs(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m = max(m, math.Abs(v))
	}
	return m
}

func maxDiff(a, b []float64) float64 {
	m := 0.0
	for i := range a {
		m = max(m, math.Abs(a[i]-b[i]))
	}
	return m
}

// TestDense compares one step of Cable on random trees with the exact
// solution of Brian2's equations (denseStep: every section end an unknown,
// 200-bit Gaussian elimination): Cable is exact to rounding.
func TestDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	worst := 0.0
	for trial := range 200 {
		tree := randomTree(rng, 1+rng.IntN(8), trial%2 == 0)
		f := tree.Flatten()
		dt := []float64{1e-6, 2.5e-5, 1e-4, 1e-2}[trial%4]
		v, cm, i0, gtot, point := randomInputs(rng, f.N, dt)
		c, err := New(f, cm, 1+rng.Float64())
		if err != nil {
			t.Fatal(err)
		}
		want := denseStep(f, cm, c.Ri(), v, i0, gtot, point, dt)
		got := append([]float64(nil), v...)
		c.Step(got, i0, gtot, point, dt)
		rel := maxDiff(got, want) / maxAbs(want)
		worst = max(worst, rel)
		if rel > 1e-14 {
			t.Errorf("trial %d (%d compartments, %d sections, dt %g): Cable differs from the exact step by %.3g (relative)",
				trial, f.N, len(f.Start), dt, rel)
		}
	}
	t.Logf("largest relative difference from the exact step: %.3g", worst)
}

// TestExactTree checks exactTree, the 200-bit version of Cable's
// elimination that TestBrian2Exact uses for whole runs, against denseStep.
func TestExactTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 30 {
		f := randomTree(rng, 1+rng.IntN(6), trial%2 == 0).Flatten()
		v, cm, i0, gtot, point := randomInputs(rng, f.N, 2.5e-5)
		c, err := New(f, cm, 1.5)
		if err != nil {
			t.Fatal(err)
		}
		want := denseStep(f, cm, 1.5, v, i0, gtot, point, 2.5e-5)
		x := newExactTree(c, v)
		x.step(i0, gtot, point, 2.5e-5)
		got := make([]float64, f.N)
		x.float64s(got)
		// both exact; they differ by the rounding of Cable's conductances
		if d := maxDiff(got, want) / maxAbs(want); d > 1e-15 {
			t.Errorf("trial %d: exactTree differs from denseStep by %.3g", trial, d)
		}
	}
}

// TestSoma: a lone soma is one isopotential compartment, whose backward
// Euler step is v' = (Cm/dt*v + I0 + I/area)/(Cm/dt + gtot); over many
// steps it charges as EL + R*I*(1 - exp(-t/tau)), within backward Euler's
// first-order error.
func TestSoma(t *testing.T) {
	d := 20 * um
	soma := morph.Must(morph.NewSoma(d))
	f := soma.Flatten()
	area := math.Pi * d * d
	const cm, gl, el, inj, dt = 0.01, 1.0, -0.07, 2e-11, 1e-5
	c, err := New(f, []float64{cm}, 1.5)
	if err != nil {
		t.Fatal(err)
	}
	v := []float64{el}
	i0, gtot, point := []float64{gl * el}, []float64{gl}, []float64{inj}
	tau, rin := cm/gl, 1/(gl*area)
	worst := 0.0
	for k := 1; k <= 5000; k++ {
		ref := (cm/dt*v[0] + gl*el + inj/area) / (cm/dt + gl)
		c.Step(v, i0, gtot, point, dt)
		if math.Abs(v[0]-ref) > 1e-15*math.Abs(ref) {
			t.Fatalf("step %d: v = %.17g, the backward Euler step gives %.17g", k, v[0], ref)
		}
		exact := el + rin*inj*(1-math.Exp(-float64(k)*dt/tau))
		worst = max(worst, math.Abs(v[0]-exact))
	}
	// backward Euler's global error on exp(-t/tau) is at most about
	// dt/(2*tau*e) of the amplitude
	if bound := rin * inj * dt / tau / (2 * math.E) * 1.1; worst > bound {
		t.Errorf("largest error against the exponential %.3g V > %.3g V", worst, bound)
	}
	t.Logf("lone soma: largest error against the exponential %.3g V of %.3g V (dt/tau = %g)", worst, rin*inj, dt/tau)
}

// TestOneCompartment: a cylinder of one compartment behaves like a soma of
// its area (its sealed ends carry no current).
func TestOneCompartment(t *testing.T) {
	f := morph.Must(morph.NewCylinder(1, 100*um, 2*um)).Flatten()
	c, err := New(f, []float64{0.01}, 1.5)
	if err != nil {
		t.Fatal(err)
	}
	v := []float64{-0.065}
	c.Step(v, []float64{-0.07}, []float64{1}, []float64{1e-11}, 2.5e-5)
	want := (0.01/2.5e-5*-0.065 + -0.07 + 1e-11/f.Area[0]) / (0.01/2.5e-5 + 1)
	if math.Abs(v[0]-want) > 1e-16 {
		t.Errorf("v = %.17g, want %.17g", v[0], want)
	}
	out := []float64{1}
	c.AxialCurrent(v, out)
	if out[0] != 0 {
		t.Errorf("axial current %g into the only compartment", out[0])
	}
}

// TestTwoCompartments checks a two-compartment cylinder against the
// solution of its 2x2 system, written out.
func TestTwoCompartments(t *testing.T) {
	f := morph.Must(morph.NewCylinder(2, 100*um, 2*um)).Flatten()
	const cm, ri, dt = 0.01, 1.5, 2.5e-5
	c, err := New(f, []float64{cm}, ri)
	if err != nil {
		t.Fatal(err)
	}
	v := []float64{-0.06, -0.07}
	i0, gtot, point := []float64{-0.07, -0.02}, []float64{1, 3}, []float64{2e-11, 0}
	g := 1 / (ri * (1/f.RLength2[0] + 1/f.RLength1[1]))
	a0, a1 := f.Area[0], f.Area[1]
	// (a0*(cm/dt+gtot0) + g) x0 - g x1 = a0*(cm/dt*v0 + i00) + I
	d0, d1 := a0*(cm/dt+gtot[0])+g, a1*(cm/dt+gtot[1])+g
	b0, b1 := a0*(cm/dt*v[0]+i0[0])+point[0], a1*(cm/dt*v[1]+i0[1])
	x1 := (b1 + g*b0/d0) / (d1 - g*g/d0)
	x0 := (b0 + g*x1) / d0
	c.Step(v, i0, gtot, point, dt)
	if math.Abs(v[0]-x0) > 1e-15 || math.Abs(v[1]-x1) > 1e-15 {
		t.Errorf("v = %.17g, want %.17g", v, []float64{x0, x1})
	}
}

// TestConservation checks, compartment by compartment, the equation Step
// solves, with CapacitiveCurrent and AxialCurrent: the capacitive current
// equals the membrane current plus the point current plus the net axial
// current, area*Ic = area*(I0 - gtot*v') + I + in - out.
func TestConservation(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 50 {
		f := randomTree(rng, 1+rng.IntN(10), trial%2 == 0).Flatten()
		v, cm, i0, gtot, point := randomInputs(rng, f.N, 2.5e-5)
		c, err := New(f, cm, 1.5)
		if err != nil {
			t.Fatal(err)
		}
		const dt = 2.5e-5
		c.Step(v, i0, gtot, point, dt)
		ic, ax := make([]float64, f.N), make([]float64, f.N)
		c.CapacitiveCurrent(v, ic)
		c.AxialCurrent(v, ax)
		// the current leaving each compartment on its far side
		out := make([]float64, f.N)
		for k := range f.Start {
			first := f.Start[k]
			if p := f.Parent[k]; p >= 0 {
				out[f.End[p]-1] += ax[first]
			}
			for i := first + 1; i < f.End[k]; i++ {
				out[i-1] += ax[i]
			}
		}
		for i := range f.N {
			lhs := f.Area[i] * ic[i]
			mem := f.Area[i] * (i0[i] - gtot[i]*v[i])
			rhs := mem + point[i] + ax[i] - out[i]
			// the terms are each much larger than their sum: compare with
			// their size
			scale := math.Abs(mem) + math.Abs(point[i]) + math.Abs(ax[i]) + math.Abs(out[i]) + math.Abs(lhs)
			if math.Abs(lhs-rhs) > 1e-12*scale {
				t.Fatalf("trial %d, compartment %d: area*Ic = %.6g A but membrane + point + axial = %.6g A", trial, i, lhs, rhs)
			}
		}
	}
}

// TestSealedEnds: with no point current and a uniform membrane at rest
// (I0 = gtot*EL), the potential stays at rest everywhere, to rounding.
func TestRest(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	f := randomTree(rng, 20, true).Flatten()
	c, err := New(f, []float64{0.01}, 1.5)
	if err != nil {
		t.Fatal(err)
	}
	n := f.N
	v, i0, gtot := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		v[i] = -0.07
		gtot[i] = 1 + rng.Float64()
		i0[i] = gtot[i] * -0.07
	}
	for range 1000 {
		c.Step(v, i0, gtot, nil, 2.5e-5)
	}
	for i := range n {
		if math.Abs(v[i]+0.07) > 1e-15 {
			t.Fatalf("compartment %d drifted to %.17g", i, v[i])
		}
	}
}

// TestDtAndCm: Step with a new dt, or after SetCm, gives what a new Cable
// gives.
func TestDtAndCm(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	f := randomTree(rng, 6, true).Flatten()
	v, cm, i0, gtot, point := randomInputs(rng, f.N, 2.5e-5)
	run := func(c *Cable, dt float64) []float64 {
		x := append([]float64(nil), v...)
		c.Step(x, i0, gtot, point, dt)
		return x
	}
	a, _ := New(f, cm, 1.5)
	run(a, 1e-5)
	b, _ := New(f, cm, 1.5)
	if got, want := run(a, 5e-5), run(b, 5e-5); maxDiff(got, want) != 0 {
		t.Errorf("after a change of dt: %v, a new Cable gives %v", got, want)
	}
	if err := a.SetCm([]float64{0.02}); err != nil {
		t.Fatal(err)
	}
	ic := make([]float64, f.N)
	a.CapacitiveCurrent(v, ic)
	for _, x := range ic {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Fatalf("Ic after SetCm: %v", ic)
		}
	}
	b, _ = New(f, []float64{0.02}, 1.5)
	if got, want := run(a, 5e-5), run(b, 5e-5); maxDiff(got, want) != 0 {
		t.Errorf("after SetCm: %v, a new Cable gives %v", got, want)
	}
	if got := a.Cm(); got[0] != 0.02 || len(got) != f.N {
		t.Errorf("Cm() = %v", got)
	}
}

// TestCapacitiveCurrentBeforeStep: Brian2's Ic starts at zero.
func TestCapacitiveCurrentBeforeStep(t *testing.T) {
	f := morph.Must(morph.NewCylinder(3, 30*um, 1*um)).Flatten()
	c, _ := New(f, []float64{0.01}, 1.5)
	out := []float64{1, 2, 3}
	c.CapacitiveCurrent([]float64{-0.07, -0.06, -0.05}, out)
	if maxAbs(out) != 0 {
		t.Errorf("Ic before the first step: %v", out)
	}
}

func points(xs ...float64) []morph.Point {
	p := make([]morph.Point, len(xs))
	for i, x := range xs {
		p[i] = morph.Point{X: x * um}
	}
	return p
}

func diams(ds ...float64) []float64 {
	for i := range ds {
		ds[i] *= um
	}
	return ds
}

// TestZeroLength: compartments of length zero (two equal points) have
// infinite r_length. Where that leaves every conductance finite, Cable
// simulates them (checked against the exact step), even with a zero area,
// where Brian2 fails; where it would join two unknowns with no
// resistance, New refuses the morphology with an error that says where.
func TestZeroLength(t *testing.T) {
	soma := func() *morph.Section { return morph.Must(morph.NewSoma(20 * um)) }
	sec := func(d []float64, x ...float64) *morph.Section {
		return morph.Must(morph.NewSectionPoints(diams(d...), points(x...)))
	}
	tip := func() *morph.Section { return morph.Must(morph.NewCylinder(3, 30*um, 1*um)) }
	for _, tc := range []struct {
		name  string
		build func() *morph.Section
		err   string
	}{
		{"middle, cone (Brian2 runs it)", func() *morph.Section {
			s := soma()
			must(s.Add("dend", sec([]float64{1, 1, 2, 2}, 0, 10, 10, 20)))
			must(s.Add("dend.tip", tip()))
			return s
		}, ""},
		{"middle, zero area (Brian2 fails)", func() *morph.Section {
			s := soma()
			must(s.Add("dend", sec([]float64{1, 1, 1, 1}, 0, 10, 10, 20)))
			must(s.Add("dend.tip", tip()))
			return s
		}, ""},
		{"at a sealed end", func() *morph.Section {
			s := soma()
			must(s.Add("dend", sec([]float64{1, 1, 1, 1}, 0, 10, 20, 20)))
			return s
		}, ""},
		{"at the start of the root", func() *morph.Section {
			s := sec([]float64{1, 2, 2, 2}, 0, 0, 10, 20)
			must(s.Add("tip", tip()))
			return s
		}, ""},
		{"at the start of a child", func() *morph.Section {
			s := soma()
			must(s.Add("dend", sec([]float64{1, 2, 2, 2}, 0, 0, 10, 20)))
			return s
		}, "compartment 1 (section dend, its compartment 0) has length zero at the start of its section"},
		{"at a branch point", func() *morph.Section {
			s := soma()
			must(s.Add("dend", sec([]float64{1, 1, 1, 2}, 0, 10, 20, 20)))
			must(s.Add("dend.tip", tip()))
			return s
		}, "compartment 3 (section dend, its compartment 2) has length zero at the end of a section that has children"},
		{"two in a row", func() *morph.Section {
			s := soma()
			must(s.Add("dend", sec([]float64{1, 1, 2, 3, 3}, 0, 10, 10, 10, 20)))
			return s
		}, "compartment 3 (section dend, its compartment 2) and the compartment before it are joined with no axial resistance"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.build().Flatten()
			c, err := New(f, []float64{0.01}, 1.5)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(11, 12))
			v, _, i0, gtot, point := randomInputs(rng, f.N, 2.5e-5)
			want := denseStepFinite(f, 0.01, 1.5, v, i0, gtot, point, 2.5e-5)
			c.Step(v, i0, gtot, point, 2.5e-5)
			if d := maxDiff(v, want) / maxAbs(want); d > 1e-14 || math.IsNaN(d) {
				t.Errorf("v = %v, want %v", v, want)
			}
		})
	}
}

// denseStepFinite is denseStep for a morphology with infinite r_length
// terms: the sealed ends it leaves out carry no current, and the other
// conductances are finite (what New accepts).
func denseStepFinite(f *morph.Flat, cm, ri float64, v, i0, gtot, point []float64, dt float64) []float64 {
	g := *f
	g.RLength1 = append([]float64(nil), f.RLength1...)
	g.RLength2 = append([]float64(nil), f.RLength2...)
	hasChildren := make([]bool, len(f.Start))
	for k, p := range f.Parent {
		if p >= 0 {
			hasChildren[p] = true
		}
		_ = k
	}
	for k := range f.Start {
		// a sealed end's conductance does not matter: make it finite
		if f.Parent[k] < 0 && math.IsInf(g.RLength1[f.Start[k]], 1) {
			g.RLength1[f.Start[k]] = 1
		}
		if !hasChildren[k] && math.IsInf(g.RLength2[f.End[k]-1], 1) {
			g.RLength2[f.End[k]-1] = 1
		}
	}
	return denseStep(&g, []float64{cm}, ri, v, i0, gtot, point, dt)
}

// TestErrors: what New and SetCm refuse, with the message.
func TestErrors(t *testing.T) {
	good := morph.Must(morph.NewCylinder(3, 30*um, 1*um)).Flatten()
	bad := func(mod func(f *morph.Flat)) *morph.Flat {
		f := morph.Must(morph.NewCylinder(3, 30*um, 1*um)).Flatten()
		mod(f)
		return f
	}
	for _, tc := range []struct {
		flat *morph.Flat
		cm   []float64
		ri   float64
		want string
	}{
		{nil, []float64{0.01}, 1.5, "no morphology"},
		{&morph.Flat{}, []float64{0.01}, 1.5, "no compartments"},
		{good, []float64{0.01}, 0, "Ri must be positive"},
		{good, []float64{0.01}, math.Inf(1), "Ri must be positive"},
		{good, []float64{0.01}, math.NaN(), "Ri must be positive"},
		{good, []float64{0.01, 0.01}, 1.5, "Cm has 2 values; give one, or one per compartment (3)"},
		{good, nil, 1.5, "Cm has 0 values"},
		{good, []float64{0.01, -1, 0.01}, 1.5, "Cm must be positive and finite, not -1 F/m² (value 1)"},
		{good, []float64{math.NaN()}, 1.5, "Cm must be positive"},
		{bad(func(f *morph.Flat) { f.Area[1] = -1 }), []float64{0.01}, 1.5, "compartment 1 (the root section, its compartment 1) has the area -1 m²"},
		{bad(func(f *morph.Flat) { clear(f.Area) }), []float64{0.01}, 1.5, "no membrane"},
		{bad(func(f *morph.Flat) { f.Area = f.Area[:2] }), []float64{0.01}, 1.5, "3 compartments but 2 values of Area"},
		{bad(func(f *morph.Flat) { f.RLength1[2] = 0 }), []float64{0.01}, 1.5, "compartment 2 (the root section, its compartment 2) has r_length_1 = 0 m"},
		{bad(func(f *morph.Flat) { f.End[0] = 2 }), []float64{0.01}, 1.5, "the sections hold 2 compartments, the morphology 3"},
		{bad(func(f *morph.Flat) { f.Parent[0] = 0 }), []float64{0.01}, 1.5, "the first section must be the root"},
	} {
		_, err := New(tc.flat, tc.cm, tc.ri)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New: error %v, want %q", err, tc.want)
		}
	}
	c, _ := New(good, []float64{0.01}, 1.5)
	if err := c.SetCm([]float64{0}); err == nil || c.Cm()[0] != 0.01 {
		t.Errorf("SetCm(0): error %v, Cm %v", err, c.Cm())
	}
}

// TestStepPanics: wrong lengths and dt are the caller's bugs.
func TestStepPanics(t *testing.T) {
	f := morph.Must(morph.NewCylinder(3, 30*um, 1*um)).Flatten()
	c, _ := New(f, []float64{0.01}, 1.5)
	three, two := make([]float64, 3), make([]float64, 2)
	for _, tc := range []struct {
		name            string
		v, i0, gtot, pt []float64
		dt              float64
		want            string
	}{
		{"short v", two, three, three, nil, 1e-5, "Step needs 3 values"},
		{"short point", three, three, three, two, 1e-5, "Step needs 3 values"},
		{"zero dt", three, three, three, nil, 0, "positive finite dt"},
		{"NaN dt", three, three, three, nil, math.NaN(), "positive finite dt"},
	} {
		func() {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.Contains(s, tc.want) {
					t.Errorf("%s: panic %v, want %q", tc.name, r, tc.want)
				}
			}()
			c.Step(tc.v, tc.i0, tc.gtot, tc.pt, tc.dt)
		}()
	}
}

// TestNoAllocation: Step and the current helpers allocate nothing.
func TestNoAllocation(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	f := randomTree(rng, 30, true).Flatten()
	v, cm, i0, gtot, point := randomInputs(rng, f.N, 2.5e-5)
	c, _ := New(f, cm, 1.5)
	out := make([]float64, f.N)
	for name, fn := range map[string]func(){
		"Step":               func() { c.Step(v, i0, gtot, point, 2.5e-5) },
		"Step without point": func() { c.Step(v, i0, gtot, nil, 2.5e-5) },
		"Step with a new dt": func() { c.Step(v, i0, gtot, nil, 1e-5); c.Step(v, i0, gtot, nil, 2e-5) },
		"CapacitiveCurrent":  func() { c.CapacitiveCurrent(v, out) },
		"AxialCurrent":       func() { c.AxialCurrent(v, out) },
	} {
		if a := testing.AllocsPerRun(100, fn); a != 0 {
			t.Errorf("%s: %v allocations per run", name, a)
		}
	}
}
