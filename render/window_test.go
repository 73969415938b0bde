package render

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/myelin-sim/myelin/units"
)

// opaqueSeries hides a Sampled behind another type, so that a Line reads
// it point by point through the Series interface.
type opaqueSeries struct{ s Sampled }

func (o opaqueSeries) Len() int                    { return o.s.Len() }
func (o opaqueSeries) XY(k int) (float64, float64) { return o.s.XY(k) }

// TestSampledWindow checks that a line of regular samples, which reads
// only the samples in and next to its window, draws exactly the path it
// draws from all of them: thinned or not, with gaps, with the window
// inside, across or outside the data.
func TestSampledWindow(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 1))
	for _, n := range []int{0, 1, 2, 50, 3000, 20000} {
		y := make([]float64, n)
		v := 0.0
		for k := range y {
			v += rng.Float64() - 0.5
			y[k] = v
			if rng.IntN(500) == 0 {
				y[k] = math.NaN()
			}
		}
		for _, lim := range [][2]float64{{0, 1}, {0.3, 0.31}, {0.25, 0.75}, {-1, 0.2}, {0.9, 3}, {2, 3}, {-2, -1}, {0.5, 0.5}} {
			s := Sampled{Start: 0.001, Step: 1.0 / float64(max(n, 1)), Y: y}
			var paths [2]Path
			for j, data := range []Series{s, opaqueSeries{s}} {
				l := &Line{Data: data}
				p := NewPanel(Axis{Limits: FixedLimits(lim[0], lim[1])}, Axis{}, l)
				NewFigure(p).Draw(&Recorder{}, R(0, 0, 400, 300))
				paths[j] = l.path
			}
			if !slices.Equal(paths[0].Ops, paths[1].Ops) || !slices.Equal(paths[0].Pts, paths[1].Pts) {
				t.Errorf("n=%d, x from %v to %v: the windowed path (%d points) differs from the full one (%d points)",
					n, lim[0], lim[1], len(paths[0].Pts), len(paths[1].Pts))
			}
		}
	}
}

// BenchmarkLiveTraces draws 10 traces of a million samples each, showing
// the last second of 100, as a live view does: "window" reads the
// samples of the window, "all" (the baseline) reads every sample through
// the Series interface.
func BenchmarkLiveTraces(b *testing.B) {
	for _, name := range []string{"window", "all"} {
		b.Run(name, func(b *testing.B) {
			var lines []*Line
			for k := 0; k < 10; k++ {
				y := make([]float64, 1000000)
				for j := range y {
					y[j] = float64((j*(k+3))%1000) * 1e-5
				}
				var data Series = Sampled{Step: 1e-4, Y: y}
				if name == "all" {
					data = opaqueSeries{data.(Sampled)}
				}
				lines = append(lines, &Line{Data: data})
			}
			f := NewFigure(TracePanel("v", units.DimVoltage, lines...))
			f.Panels[0].X.Limits = ScrollLimits(1)
			f.Panels[0].Y.Limits = FixedLimits(0, 0.01)
			f.SetNow(100)
			var c countingCanvas
			for b.Loop() {
				f.Draw(&c, R(0, 0, 1200, 400))
			}
		})
	}
}
