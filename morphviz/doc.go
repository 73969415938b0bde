// Package morphviz draws neuron morphologies: a tree of core/morph
// sections seen from along an axis (XY, XZ, YZ), turned in 3-D
// (orthographic or with perspective), or as a dendrogram, each
// compartment coloured by a value (v, the distance from the soma, a
// channel density) with a colour bar in the value's unit.
//
//	view := morphviz.New(root)        // root: a *morph.Section
//	view.Name, view.Dim = "v", units.DimVoltage
//	view.SetRange(-80e-3, 50e-3)      // steady colours while a run goes on
//	view.Draw(canvas, rect, v)        // v: one value per compartment, SI
//	hit, ok := view.Pick(mouseX, mouseY)
//
// # Drawing
//
// A View draws on a render.Canvas, so the same drawing lands in the app
// (render/ebitenr), in PNG and SVG files and in golden recordings. Each
// compartment is a quadrilateral as wide as its diameters at its ends (a
// truncated cone seen from the side), never thinner than MinWidth, mitred
// to its neighbours; a soma is a disc, under the neurites in XY, XZ and YZ
// (as brian2tools draws it, so one sees where they leave it) and between
// the neurites behind it and those in front in 3-D. Compartments of one colour
// go to the canvas as one path, and values are drawn in Levels colours
// (64), so a frame is a few dozen Fill calls whatever the number of
// compartments. Colours come from perceptually uniform colour maps that
// read the same to colour-blind people (Viridis, the default, and
// Cividis); NaN values are grey.
//
// Zoom and Pan move the view in screen units; Rotate turns it (and makes
// an axis-aligned view orthographic). A 3-D view fits the morphology's
// bounding sphere, so turning it never changes its scale. Orthographic
// views show a scale bar.
//
// # Picking
//
// Pick maps a point of the last Draw to the compartment under it: its
// index, section, number within the section, distance from the root and
// current value. Where compartments overlap the one nearest the viewer
// wins; thin ones count within PickTolerance pixels. Highlight outlines a
// compartment (the one under the pointer), and ScreenPoint says where one
// was drawn.
//
// # In figures
//
// Plot is a render.Plotter that draws a projection in a panel of a
// render.Figure whose axes are x, y or z in µm, as brian2tools'
// plot_morphology does; `myelin plot` uses it for [[plots]] of type
// "morphology" (internal/figure).
//
// # What it does not do
//
// It does not sort neurites by depth other than against the soma
// (crossing branches of different colours overlap in the order of their
// colours), shade, or draw somata
// as anything but discs. Sections without coordinates are placed as
// Brian2's generate_coordinates places them, without randomness. Nothing
// here imports Ebiten: the package builds and its tests run natively and
// under WebAssembly.
package morphviz
