package spatial

import (
	"math"
	"testing"

	"github.com/myelin-sim/myelin/core/morph"
)

// Cable theory: a uniform passive cylinder of diameter d, membrane
// resistance Rm = 1/gL (ohm·m²), intracellular resistivity Ri and
// specific capacitance Cm has the length constant lambda = sqrt(d*Rm/(4*Ri)),
// the time constant tau = Rm*Cm and the axial resistance per length
// ra = 4*Ri/(pi*d²). A current I injected at its sealed end x = 0 gives
//
//	finite cable of length L, steady state:
//	    V(x) = I*ra*lambda * cosh((L-x)/lambda) / sinh(L/lambda)
//	    (input resistance ra*lambda*coth(L/lambda));
//	semi-infinite cable, from rest at t = 0 (Rall's solution):
//	    V(x, t) = I*ra*lambda/2 * (exp(-X)*erfc(X/(2*sqrt(T)) - sqrt(T))
//	                               - exp(X)*erfc(X/(2*sqrt(T)) + sqrt(T)))
//	    with X = x/lambda, T = t/tau; at x = 0, I*ra*lambda*erf(sqrt(T)).
//
// V is the departure from rest. The compartmental model injects I into the
// first compartment, [0, dx], whose potential stands for the centre,
// x = dx/2; the finite-volume discretisation of the cable is second order
// in dx there, and backward Euler first order in dt.

type cableParams struct {
	d, ri, gl, cm float64
}

var thin = cableParams{d: 1e-6, ri: 1.5, gl: 1, cm: 0.01} // 1 um, 150 ohm cm, 1e-4 S/cm², 1 uF/cm²

func (p cableParams) lambda() float64 { return math.Sqrt(p.d / p.gl / (4 * p.ri)) }
func (p cableParams) tau() float64    { return p.cm / p.gl }
func (p cableParams) ra() float64     { return 4 * p.ri / (math.Pi * p.d * p.d) }

// cylinder returns a Cable for a cylinder of n compartments of length dx,
// and the membrane arrays for the leak at rest 0 with I into compartment 0.
func (p cableParams) cylinder(t *testing.T, n int, dx, inj float64) (c *Cable, v, i0, gtot, point []float64) {
	f := morph.Must(morph.NewCylinder(n, float64(n)*dx, p.d)).Flatten()
	c, err := New(f, []float64{p.cm}, p.ri)
	if err != nil {
		t.Fatal(err)
	}
	v, i0, gtot, point = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range gtot {
		gtot[i] = p.gl
	}
	point[0] = inj
	return
}

// sealedSteadyState returns the largest error of the steady state on a
// sealed cable of length 2*lambda in perLambda compartments per length
// constant, relative to the potential at x = 0.
func sealedSteadyState(t *testing.T, p cableParams, perLambda int) (errMax, rin float64) {
	lam := p.lambda()
	dx := lam / float64(perLambda)
	n := 2 * perLambda
	const inj = 1e-11
	c, v, i0, gtot, point := p.cylinder(t, n, dx, inj)
	// Backward Euler's steady state does not depend on dt; steps of 100*tau
	// reach it in a few steps.
	for range 10 {
		c.Step(v, i0, gtot, point, 100*p.tau())
	}
	l := float64(n) * dx
	v0 := inj * p.ra() * lam / math.Tanh(l/lam)
	for i := range n {
		x := (float64(i) + 0.5) * dx
		want := inj * p.ra() * lam * math.Cosh((l-x)/lam) / math.Sinh(l/lam)
		errMax = max(errMax, math.Abs(v[i]-want)/v0)
	}
	return errMax, v[0] / inj
}

// TestSealedCable: the steady state of a finite sealed cable (L = 2 lambda)
// against the cosh profile, at every compartment centre. With 100
// compartments per lambda the error is 2.3e-6 of V(0) (tolerance 5e-6);
// halving dx divides it by 4 (second order), which the test checks too.
// The input resistance v(first compartment)/I agrees to 1e-6 with the
// theory's at the first compartment's centre, x = dx/2, which is 0.5% below
// ra*lambda*coth(L/lambda) at x = 0: the current enters a compartmental
// model at the centre of its first compartment.
func TestSealedCable(t *testing.T) {
	p := thin
	e50, _ := sealedSteadyState(t, p, 50)
	e100, rin := sealedSteadyState(t, p, 100)
	e200, _ := sealedSteadyState(t, p, 200)
	lam := p.lambda()
	want := p.ra() * lam / math.Tanh(2)
	t.Logf("lambda = %.4g um; error of the profile (of V(0)): %.3g, %.3g, %.3g at 50, 100, 200 compartments per lambda (ratios %.3g, %.3g)",
		lam/1e-6, e50, e100, e200, e50/e100, e100/e200)
	t.Logf("input resistance: v(first compartment)/I = %.6g Mohm; ra*lambda*coth(L/lambda) = %.6g Mohm at x = 0, %.6g Mohm at its centre",
		rin/1e6, want/1e6, want*math.Cosh(2-0.005)/math.Cosh(2)/1e6)
	if e100 > 5e-6 {
		t.Errorf("profile error %.3g > 5e-6 of V(0) with dx = lambda/100", e100)
	}
	if centre := want * math.Cosh(2-0.005) / math.Cosh(2); math.Abs(rin-centre) > 1e-5*centre {
		t.Errorf("input resistance %.6g Mohm, at the centre of the first compartment %.6g Mohm", rin/1e6, centre/1e6)
	}
	for _, r := range []float64{e50 / e100, e100 / e200} {
		if r < 3.8 || r > 4.2 {
			t.Errorf("halving dx divides the error by %.3g, not 4", r)
		}
	}
}

// TestBallAndStickInputResistance: the ball-and-stick of the Brian2 test
// (soma 30 um, dendrite 1000 um x 1 um in 100 compartments, sealed) has the
// input resistance 1/(gL*pi*ds² + tanh(L/lambda)/(ra*lambda)) of an
// isopotential soma and a finite sealed cable in parallel.
func TestBallAndStickInputResistance(t *testing.T) {
	p := thin
	f := ballAndStick().Flatten()
	c, err := New(f, []float64{p.cm}, p.ri)
	if err != nil {
		t.Fatal(err)
	}
	n := f.N
	v, i0, gtot, point := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range gtot {
		gtot[i] = p.gl
	}
	const inj = 1e-10
	point[0] = inj
	for range 10 {
		c.Step(v, i0, gtot, point, 100*p.tau())
	}
	ds, l, lam := 30e-6, 1000e-6, p.lambda()
	want := 1 / (p.gl*math.Pi*ds*ds + math.Tanh(l/lam)/(p.ra()*lam))
	got := v[0] / inj
	rel := math.Abs(got-want) / want
	t.Logf("input resistance %.6g Mohm, cable theory %.6g Mohm (relative difference %.2g; dx = lambda/%.0f)", got/1e6, want/1e6, rel, lam/10e-6)
	// the dendrite's share (about 30%) has the error of a cable with
	// dx = lambda/41: (dx/lambda)²/24-ish
	if rel > 1e-4 {
		t.Errorf("relative difference %.3g > 1e-4", rel)
	}
}

// rall is V(X, T)/(I*ra*lambda) on a semi-infinite cable.
func rall(x, t float64) float64 {
	if t == 0 {
		return 0
	}
	s := math.Sqrt(t)
	return 0.5 * (math.Exp(-x)*math.Erfc(x/(2*s)-s) - math.Exp(x)*math.Erfc(x/(2*s)+s))
}

// semiInfinite runs a cable of 8 lambda (the far end's influence on x <=
// 2 lambda is below 1e-6) for 50 ms from rest with a step current at x = 0,
// and returns the largest error against Rall's solution at x = dx/2,
// lambda/2, lambda and 2 lambda for t >= 1 ms, relative to I*ra*lambda.
func semiInfinite(t *testing.T, p cableParams, perLambda int, dt float64) (errMax float64, at0 float64) {
	lam, tau := p.lambda(), p.tau()
	dx := lam / float64(perLambda)
	n := 8 * perLambda
	const inj = 1e-11
	c, v, i0, gtot, point := p.cylinder(t, n, dx, inj)
	scale := inj * p.ra() * lam
	steps := int(math.Round(50e-3 / dt))
	for k := 1; k <= steps; k++ {
		c.Step(v, i0, gtot, point, dt)
		tt := float64(k) * dt
		if tt < 1e-3 {
			continue
		}
		for j, i := range []int{0, perLambda / 2, perLambda, 2 * perLambda} {
			x := (float64(i) + 0.5) * dx
			e := math.Abs(v[i]/scale - rall(x/lam, tt/tau))
			errMax = max(errMax, e)
			if j == 0 {
				at0 = max(at0, e)
			}
		}
	}
	return
}

// TestSemiInfiniteCable: the time course of a step current into a
// semi-infinite cable against Rall's erf solution, with 50 compartments per
// lambda and dt = tau/1000. Backward Euler's first-order error dominates:
// 5e-4 of I*ra*lambda at dt = tau/1000, halved when dt is halved (checked);
// the tolerance is 1e-3.
func TestSemiInfiniteCable(t *testing.T) {
	p := thin
	tau := p.tau()
	e1, at0 := semiInfinite(t, p, 50, tau/1000)
	e2, _ := semiInfinite(t, p, 50, tau/2000)
	t.Logf("largest error against Rall's solution (of I*ra*lambda, t >= 1 ms): %.3g at dt = tau/1000 (%.3g at x = dx/2), %.3g at tau/2000 (ratio %.3g)",
		e1, at0, e2, e1/e2)
	if e1 > 1e-3 {
		t.Errorf("error %.3g > 1e-3", e1)
	}
	if r := e1 / e2; r < 1.8 || r > 2.2 {
		t.Errorf("halving dt divides the error by %.3g, not 2", r)
	}
}
