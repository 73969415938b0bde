package sim

import (
	"math"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/kernel"
)

// refrMask is the fast path of Brian2's refractoriness for the common case,
// a refractory period that is one constant time:
//
//	not_refractory = timestep(t - lastspike, dt) >= K
//
// with t the network's time and dt, K constants. The general path compiles
// that statement into the state updater, which then computes a subtraction,
// a division and a truncation per neuron and step. For a given t the
// condition is a monotone function of lastspike (every operation in it is
// monotone in IEEE arithmetic), so it is true exactly for lastspike <= L,
// where L, the cutoff, is found once per step by a search over the
// float64 values; each neuron then costs one comparison. The result is the
// general path's bit for bit (TestRefrMaskMatches, TestRefractoryFastPath).
type refrMask struct {
	t          *kernel.Column // the network's time (a scalar column)
	last, mask *kernel.Column // lastspike and not_refractory
	dt, k      float64
}

// fastRefractory turns off the fast paths of core/sim, for the tests that
// compare them with the general ones.
var fastRefractory = true

// matchRefrMask recognises the lowered statement
// not_refractory = timestep(t - lastspike, dt) >= K, with dt and K
// constants, and returns its fast path, or nil.
func matchRefrMask(st kernel.Stmt, t, last, mask *kernel.Column) *refrMask {
	if !fastRefractory || st.Col != mask || st.Via != nil || st.Op != kernel.Assign || st.Value == nil {
		return nil
	}
	ge := st.Value
	if ge.Op != kernel.OpGe || len(ge.Args) != 2 || ge.Args[1].Op != kernel.OpConst {
		return nil
	}
	ts := ge.Args[0]
	if ts.Op != kernel.OpCall || ts.Func != kernel.FuncTimestep || len(ts.Args) != 2 || ts.Args[1].Op != kernel.OpConst {
		return nil
	}
	d := ts.Args[0]
	if d.Op != kernel.OpSub || len(d.Args) != 2 || d.Args[0].Op != kernel.OpVar || d.Args[0].Col != t ||
		d.Args[1].Op != kernel.OpVar || d.Args[1].Col != last {
		return nil
	}
	return &refrMask{t: t, last: last, mask: mask, dt: ts.Args[1].Value, k: ge.Args[1].Value}
}

// notRefractory is the general path's condition for one neuron.
func notRefractory(t, last, dt, k float64) bool { return expr.Timestep(t-last, dt) >= k }

// run computes not_refractory for the neurons [lo, hi).
func (r *refrMask) run(lo, hi int) { r.apply(r.prepare(hi-lo), lo, hi) }

// refrStep is what refrMask works out once per step: the time and, when
// ok, the cutoff.
type refrStep struct {
	t, cut float64
	ok     bool
}

// prepare works out the cutoff of this step for a run over n neurons,
// once for all the chunks of a split run (parallel.go). For few neurons
// the search would cost more than it saves, and there is none.
func (r *refrMask) prepare(n int) refrStep {
	t := r.t.Data[0]
	if n < 8 {
		return refrStep{t: t}
	}
	cut, ok := refrCutoff(t, r.dt, r.k)
	return refrStep{t: t, cut: cut, ok: ok}
}

// apply computes not_refractory for the neurons [lo, hi) with the step's
// cutoff m. It depends on neither lo nor hi other than through the
// neurons it writes, so chunks give the result of one call.
func (r *refrMask) apply(m refrStep, lo, hi int) {
	last, mask := r.last.Data[lo:hi], r.mask.Data[lo:hi]
	mask = mask[:len(last)]
	if !m.ok {
		// few neurons, or a time, dt or K where monotonicity is not
		// assured
		for i, ls := range last {
			mask[i] = 0
			if notRefractory(m.t, ls, r.dt, r.k) {
				mask[i] = 1
			}
		}
		return
	}
	maskBelow(last, mask, m.cut)
}

// maskBelow sets mask[i] to 1 where last[i] <= cut and to 0 elsewhere (NaN
// included), for len(last) elements. It is written for Go's WebAssembly
// backend, where it was the second most costly loop of a LIF network's
// step (a branch per neuron, and a jump through the function's dispatch
// table per iteration): the comparison becomes a number without a branch
// (uint8 of a bool, which the compiler makes a conversion), and eight
// neurons go per iteration (BenchmarkMaskBelow: 5-8 ns per neuron with a
// branch each, 2.3-3.1 four at a time, 1.6-1.8 eight at a time).
func maskBelow(last, mask []float64, cut float64) {
	mask = mask[:len(last)]
	i := 0
	for l, m := last, mask; len(l) >= 8 && len(m) >= 8; l, m, i = l[8:], m[8:], i+8 {
		var u0, u1, u2, u3, u4, u5, u6, u7 uint8
		if l[0] <= cut {
			u0 = 1
		}
		if l[1] <= cut {
			u1 = 1
		}
		if l[2] <= cut {
			u2 = 1
		}
		if l[3] <= cut {
			u3 = 1
		}
		if l[4] <= cut {
			u4 = 1
		}
		if l[5] <= cut {
			u5 = 1
		}
		if l[6] <= cut {
			u6 = 1
		}
		if l[7] <= cut {
			u7 = 1
		}
		m[7], m[6], m[5], m[4] = float64(u7), float64(u6), float64(u5), float64(u4)
		m[3], m[2], m[1], m[0] = float64(u3), float64(u2), float64(u1), float64(u0)
	}
	for ; i < len(last); i++ {
		var u uint8
		if last[i] <= cut {
			u = 1
		}
		mask[i] = float64(u)
	}
}

// refrCutoff returns the largest float64 L with
// timestep(t - L, dt) >= k, which exists and bounds the condition
// (true exactly for lastspike <= L, false for NaN) when t, dt and k are
// finite and dt is positive and normal; ok is false otherwise.
func refrCutoff(t, dt, k float64) (cut float64, ok bool) {
	if math.IsNaN(t) || math.IsInf(t, 0) || math.IsNaN(k) || math.IsInf(k, 0) ||
		!(dt >= 0x1p-1022) || math.IsInf(dt, 0) {
		return 0, false
	}
	f := func(key int64) bool { return notRefractory(t, fromOrderKey(key), dt, k) }
	lo, hi := orderKey(math.Inf(-1)), orderKey(math.Inf(1))
	if !f(lo) || f(hi) {
		return 0, false
	}
	// The cutoff is within a few ulps of t + 1e-3*dt - k*dt: gallop from
	// there to a bracket of it, which takes a handful of evaluations where
	// a bisection of all float64 values takes 64.
	if g := t + float64(1e-3*dt) - float64(k*dt); !math.IsNaN(g) && !math.IsInf(g, 0) {
		gk := orderKey(g)
		up := f(gk)
		for step := int64(1); step < 1<<20; step *= 2 {
			if up {
				if next := gk + step; next < hi && f(next) {
					gk = next
					continue
				} else if next < hi {
					lo, hi = gk, next
				} else {
					lo = gk
				}
				break
			}
			if next := gk - step; next > lo && !f(next) {
				gk = next
				continue
			} else if next > lo {
				lo, hi = next, gk
			} else {
				hi = gk
			}
			break
		}
	}
	for uint64(hi-lo) > 1 { // f(lo) is true, f(hi) false; hi-lo overflows int64
		mid := lo + int64(uint64(hi-lo)/2)
		if f(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return fromOrderKey(lo), true
}

// orderKey maps the non-NaN float64 values to integers in the same order
// (-0 and +0 to the same key, 0).
func orderKey(x float64) int64 {
	b := math.Float64bits(x)
	if b>>63 != 0 {
		return -int64(b &^ (1 << 63))
	}
	return int64(b)
}

// fromOrderKey is the inverse of orderKey (key 0 gives +0).
func fromOrderKey(key int64) float64 {
	if key < 0 {
		return math.Float64frombits(uint64(-key) | 1<<63)
	}
	return math.Float64frombits(uint64(key))
}
