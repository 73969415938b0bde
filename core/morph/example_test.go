package morph_test

import (
	"fmt"
	"strings"

	"github.com/myelin-sim/myelin/core/morph"
)

// A ball-and-stick neuron, as in Brian2:
//
//	morpho = Soma(diameter=30*um)
//	morpho.dend = Cylinder(n=100, length=1000*um, diameter=1*um)
func Example() {
	soma := morph.Must(morph.NewSoma(30 * morph.Micrometre))
	dend := morph.Must(morph.NewCylinder(100, 1000*morph.Micrometre, 1*morph.Micrometre))
	if err := soma.Add("dend", dend); err != nil {
		fmt.Println(err)
		return
	}
	// A tapering branch at the end of the dendrite, given by its points.
	branch := morph.Must(morph.NewSectionPoints(
		[]float64{1e-6, 0.8e-6, 0.5e-6},
		[]morph.Point{{}, {X: 30e-6, Y: 40e-6}, {X: 60e-6, Y: 80e-6}}))
	if err := soma.Add("dend.branch", branch); err != nil {
		fmt.Println(err)
		return
	}

	f := soma.Flatten()
	fmt.Println("compartments:", f.N, "sections:", soma.TotalSections())
	fmt.Printf("soma area: %.1f µm²\n", f.Area[0]/1e-12)
	fmt.Printf("first dendrite compartment: %.4g µm from the soma\n", f.Distance[1]/1e-6)
	fmt.Printf("branch lengths: %.0f µm, distances %.0f µm\n", scale(branch.Length()), scale(branch.Distance()))
	i, _ := dend.IndexAt(500 * morph.Micrometre)
	fmt.Println("compartment at the middle of the dendrite:", i)
	fmt.Println("compartments 990 to 1030 µm from the soma:", f.WithinDistance(990e-6, 1030e-6))
	b, _ := soma.Get("dend.branch")
	fmt.Println("dend.branch starts at index", b.StartIndex())
	// Output:
	// compartments: 103 sections: 3
	// soma area: 2827.4 µm²
	// first dendrite compartment: 5 µm from the soma
	// branch lengths: [50 50] µm, distances [1025 1075] µm
	// compartment at the middle of the dendrite: 51
	// compartments 990 to 1030 µm from the soma: [100 101]
	// dend.branch starts at index 101
}

func scale(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x / 1e-6
	}
	return out
}

// Reading an SWC file: a one-point soma and a dendrite that branches.
func ExampleParseSWC() {
	const swc = `# index type x y z radius parent
1 1 0 0 0 10 -1
2 3 0 15 0 1 1
3 3 0 30 0 1 2
4 3 -10 40 0 0.5 3
5 3 10 40 0 0.5 3
6 2 0 -15 0 0.5 1
`
	m, err := morph.ParseSWC([]byte(swc), morph.SWCOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Brian2's topology ends the root's line with a space; an example's
	// output cannot show it.
	fmt.Print(strings.ReplaceAll(m.Topology(), " \n", "\n"))
	left, _ := m.Get("LL") // Brian2's names: L and R, or dend.dend
	fmt.Println(left.Path(), left.Indices())

	_, err = morph.ParseSWC([]byte(strings.Replace(swc, "0.5 3", "-0.5 3", 1)), morph.SWCOptions{FileName: "cell.swc"})
	fmt.Println(err)
	// Output:
	// ( )  [root]
	//    `--|  .dend
	//        `-|  .dend.dend
	//        `-|  .dend.dend2
	//    `-|  .axon
	// dend.dend [3]
	// cell.swc:5: radius -0.5 must be positive
}
