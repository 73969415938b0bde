package ui

import (
	"image/color"
	"testing"
	"time"

	"github.com/myelin-sim/myelin/render"
)

// nullCanvas draws nothing: the benchmarks measure the work of the view
// and the figure (layout, paths, the figure's rebuild), not a back-end's.
type nullCanvas struct{}

func (nullCanvas) Stroke(*render.Path, render.LineStyle)           {}
func (nullCanvas) Fill(*render.Path, color.NRGBA)                  {}
func (nullCanvas) Text(float64, float64, string, render.TextStyle) {}
func (nullCanvas) PushClip(render.Rect)                            {}
func (nullCanvas) PopClip()                                        {}

// benchDraw runs file for d of simulated time, then draws the view once per
// iteration with the figure rebuilt each time, as a frame of a running
// model does.
func benchDraw(b *testing.B, file string, d float64) {
	c := NewController()
	src, _ := readExample(file)
	if err := c.Load(file, src, nil, true); err != nil {
		b.Fatal(err)
	}
	c.SetSpeed(0)
	c.SetLimit(time.Second)
	for c.Status().T < d && c.Status().State == Running {
		c.Tick(time.Now())
	}
	v := &View{C: c}
	b.ResetTimer()
	for range b.N {
		c.mu.Lock()
		c.figStale = true
		c.mu.Unlock()
		v.Draw(nullCanvas{}, 1100, 650)
	}
}

func BenchmarkDrawHH(b *testing.B)   { benchDraw(b, "hh.toml", 0.1) }
func BenchmarkDrawCUBA(b *testing.B) { benchDraw(b, "cuba.toml", 0.5) }
