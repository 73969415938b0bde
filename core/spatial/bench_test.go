package spatial

import (
	"fmt"
	"testing"

	"github.com/myelin-sim/myelin/core/morph"
)

// benchMorphologies: an unbranched cable (the HH axon of 1000
// compartments), and a soma with a binary tree of sections of 10
// compartments each.
func benchMorphologies(n int) map[string]*morph.Flat {
	axon := morph.Must(morph.NewCylinder(n, float64(n)*10*um, 1*um))
	soma := morph.Must(morph.NewSoma(20 * um))
	secs := []*morph.Section{soma}
	for total, k := 1, 0; total < n; k++ {
		m := min(10, n-total)
		c := morph.Must(morph.NewCylinder(m, float64(m)*10*um, 1*um))
		if err := secs[k/2].Add(fmt.Sprintf("b%d", k), c); err != nil {
			panic(err)
		}
		secs = append(secs, c)
		total += m
	}
	return map[string]*morph.Flat{"cable": axon.Flatten(), "tree": soma.Flatten()}
}

func benchInputs(n int) (v, i0, gtot, point []float64) {
	v, i0, gtot, point = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		v[i] = -0.07
		gtot[i] = 1 + float64(i%7)
		i0[i] = gtot[i] * -0.065
	}
	point[0] = 1e-10
	return
}

// BenchmarkStep measures Cable.Step; the metric ns/compartment is the time
// per compartment per step. The baseline, BenchmarkBrian2Scheme, is Brian2's
// own algorithm (three Thomas solves per section plus the coupling system,
// as its cython template does) in Go, on the same morphologies.
func BenchmarkStep(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		for _, kind := range []string{"cable", "tree"} {
			f := benchMorphologies(n)[kind]
			b.Run(fmt.Sprintf("%s/%d", kind, f.N), func(b *testing.B) {
				c, err := New(f, []float64{0.01}, 1.5)
				if err != nil {
					b.Fatal(err)
				}
				v, i0, gtot, point := benchInputs(f.N)
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					c.Step(v, i0, gtot, point, 2.5e-5)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(f.N), "ns/compartment")
			})
		}
	}
}

func BenchmarkBrian2Scheme(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		for _, kind := range []string{"cable", "tree"} {
			f := benchMorphologies(n)[kind]
			b.Run(fmt.Sprintf("%s/%d", kind, f.N), func(b *testing.B) {
				s := newBrian2Solver(f, []float64{0.01}, 1.5, 2.5e-5)
				v, i0, gtot, _ := benchInputs(f.N)
				b.ResetTimer()
				for range b.N {
					s.step(v, i0, gtot)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(f.N), "ns/compartment")
			})
		}
	}
}
