package ebitenr_test

import (
	"fmt"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/render/ebitenr"
)

// Draw a figure on an image (in a game, the screen in Game.Draw) and find
// the data under a pixel with the transform it returns.
func ExampleDraw() {
	f := render.NewTimeFigure(render.RasterPanel(&render.Raster{
		Spikes: render.Spikes{I: []int{0, 2, 1}, T: []float64{0.010, 0.020, 0.030}},
		N:      3,
	}))
	screen := ebiten.NewImage(640, 480)
	defer screen.Deallocate()
	tr := ebitenr.Draw(screen, f, 1) // 1: one image pixel per logical pixel
	t, i := tr[0].Data(320, 240)
	fmt.Printf("panel at %v, (320, 240) is t = %.1f ms, neuron %.0f\n", tr[0].Area, t*1000, i)
	// Output: panel at {{45 10} {630 434}}, (320, 240) is t = 19.3 ms, neuron 1
}
