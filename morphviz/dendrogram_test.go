package morphviz

import (
	"encoding/json"
	"image/color"
	"os"
	"path/filepath"
	"testing"

	"github.com/myelin-sim/myelin/core/morph"
	"github.com/myelin-sim/myelin/render"
)

// smallSWC is the tree of testdata/dendrogram_reference.py: a soma, and
// branches that end at different distances.
const smallSWC = `# a soma, and a tree whose branches end at different distances
1 1 0 0 0 5 -1
2 3 10 0 0 1 1
3 3 30 0 0 1 2
4 3 40 10 0 1 3
5 3 60 30 0 1 4
6 3 45 -10 0 1 3
7 3 55 -12 0 1 6
8 3 65 -30 0 1 7
9 3 70 -5 0 1 7
10 3 90 0 0 1 9
11 2 -10 0 0 1 1
12 2 -20 -5 0 1 11
13 2 -40 -5 0 1 12
14 2 -50 5 0 1 12
`

// TestDendrogramLayout compares where the dendrogram puts each section
// with brian2tools' rule as testdata/dendrogram_reference.py applies it to
// Brian2's own reading of the same morphologies.
func TestDendrogramLayout(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "dendrogram_reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref map[string]struct {
		Terminals int
		X         []float64
	}
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	for name, want := range ref {
		var root *morph.Section
		var err error
		if name == "small" {
			root, err = morph.ParseSWC([]byte(smallSWC), morph.SWCOptions{})
		} else {
			path := filepath.Join(shared, name)
			if _, serr := os.Stat(path); serr != nil {
				t.Logf("skipping %s: not in %s", name, shared)
				continue
			}
			root, err = morph.LoadSWC(path, morph.SWCOptions{})
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		g := newGeometry(root)
		if g.dendroTerm != want.Terminals || len(g.dendroX) != len(want.X) {
			t.Errorf("%s: %d terminals and %d sections, want %d and %d", name, g.dendroTerm, len(g.dendroX), want.Terminals, len(want.X))
			continue
		}
		for s, x := range want.X {
			if g.dendroX[s] != x {
				t.Errorf("%s: section %d (%s) at %g, want %g", name, s, g.flat.Sections[s].Path(), g.dendroX[s], x)
			}
		}
	}
}

// rectCanvas counts the rectangles filled and the most in one Fill.
type rectCanvas struct {
	nullCanvas
	rects, most int
}

func (c *rectCanvas) Fill(p *render.Path, _ color.NRGBA) {
	n := 0
	for _, op := range p.Ops {
		if op == render.OpRect {
			n++
		}
	}
	c.rects += n
	c.most = max(c.most, n)
}

// TestDendrogramBars checks that a dendrogram in one colour draws each
// section as one bar, all in one Fill (the back-end decides how to draw
// many rectangles: render/ebitenr paints them or sends triangles by cost).
func TestDendrogramBars(t *testing.T) {
	root := binaryTree(9, 3) // 511 sections below the soma
	v := New(root)
	v.SetProjection(Dendrogram)
	var c rectCanvas
	v.Draw(&c, render.R(0, 0, 800, 600), nil)
	sections := len(root.Flatten().Sections) - 1
	// The background is one rectangle more.
	if c.rects-1 != sections || c.most != sections {
		t.Errorf("%d bars for %d sections, at most %d in one fill (want all in one)", c.rects-1, sections, c.most)
	}
}
