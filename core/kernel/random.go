package kernel

import (
	"math"
	"math/rand/v2"
)

// Random numbers. Every draw comes from the *rand.Rand passed to the run, so
// a seed reproduces a run exactly. The normal and Poisson samplers are the
// kernel's own, written with the functions of funcs.go, because rand's
// NormFloat64 calls math.Exp and math.Log, whose last bits differ between
// amd64 and WebAssembly.

// uniform is rand() in [0, 1).
func uniform(r *rand.Rand) float64 { return r.Float64() }

// normal is randn(): a standard normal number by Marsaglia and Tsang's
// ziggurat with the tables of zig_tables.go.
func gauss(r *rand.Rand) float64 {
	for {
		u := r.Uint64()
		j := int32(u)
		i := int(u>>32) & 127
		x := float64(j) * zigW[i]
		aj := uint32(j)
		if j < 0 {
			aj = uint32(-int64(j))
		}
		if aj < zigK[i] {
			return x // the rectangle: more than 98% of draws
		}
		if i == 0 {
			// The tail beyond zigR, by Marsaglia's method.
			for {
				x = -fnLog(1-r.Float64()) / zigR
				y := -fnLog(1 - r.Float64())
				if y+y >= x*x {
					break
				}
			}
			if j > 0 {
				return zigR + x
			}
			return -zigR - x
		}
		// The wedge.
		if float64(r.Float64()*(zigF[i-1]-zigF[i]))+zigF[i] < fnExp(-0.5*x*x) {
			return x
		}
	}
}

// poisson is poisson(lam), with the algorithms Brian2 and numpy's legacy
// generator use: multiplication of uniforms below 10, Hörmann's
// transformed rejection with squeeze (PTRS) from 10 on. lam <= 0 or NaN
// gives 0.
func poisson(r *rand.Rand, lam float64) float64 {
	if lam >= 10 {
		return poissonPTRS(r, lam)
	}
	if !(lam > 0) {
		return 0
	}
	enlam := fnExp(-lam)
	k := 0.0
	prod := 1.0
	for {
		prod *= r.Float64()
		if prod <= enlam {
			return k
		}
		k++
	}
}

func poissonPTRS(r *rand.Rand, lam float64) float64 {
	if math.IsInf(lam, 1) {
		return lam
	}
	slam := fnSqrt(lam)
	loglam := fnLog(lam)
	b := 0.931 + float64(2.53*slam)
	a := -0.059 + float64(0.02483*b)
	invalpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := r.Float64() - 0.5
		v := r.Float64()
		us := 0.5 - fnAbs(u)
		k := fnFloor(float64((2*a/us+b)*u) + lam + 0.43)
		if us >= 0.07 && v <= vr {
			return k
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		if fnLog(v)+fnLog(invalpha)-fnLog(a/(us*us)+b) <= -lam+float64(k*loglam)-logGamma(k+1) {
			return k
		}
	}
}

// stirling holds the coefficients B(2n)/(2n(2n-1)) of Stirling's series for
// log Γ.
var stirling = [10]float64{
	1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188,
	-691.0 / 360360, 1.0 / 156, -3617.0 / 122400, 43867.0 / 244188, -174611.0 / 125400,
}

// logGamma is log Γ(x) for x >= 1 by Stirling's series, shifting x up to 7
// first, as the PTRS sampler needs it.
func logGamma(x float64) float64 {
	if x == 1 || x == 2 {
		return 0
	}
	x0 := x
	n := 0
	if x <= 7 {
		n = int(7 - x)
		x0 = x + float64(n)
	}
	x2 := 1 / (x0 * x0)
	g := stirling[9]
	for k := 8; k >= 0; k-- {
		g = float64(g*x2) + stirling[k]
	}
	gl := g/x0 + float64(0.5*fnLog(2*math.Pi)) + float64((x0-0.5)*fnLog(x0)) - x0
	for k := 1; k <= n; k++ {
		gl -= fnLog(x0 - 1)
		x0--
	}
	return gl
}
