package spatial

import (
	"github.com/myelin-sim/myelin/core/morph"
)

// brian2Solver is a literal transcription of Brian2 2.5.1's cython template
// spatialstateupdate.pyx (before_code and maincode): per section, three
// tridiagonal systems solved with the Thomas algorithm (the particular
// solution v_star and the homogeneous solutions u_plus, u_minus for a unit
// potential at the section's end and start), then the coupling system for
// the potentials at the section ends (_P, _B), solved by elimination over
// the tree. It is the reference the tests hold Cable to: the same
// equations, reached by a different elimination.
type brian2Solver struct {
	n, ns                              int
	cm, area                           []float64
	ri                                 float64
	invr, ab0, ab1, ab2, bPlus, bMinus []float64
	vStar, uPlus, uMinus, cc           []float64
	invr0, invrn                       []float64
	starts, ends, parentI, idxChild    []int
	childrenNum                        []int
	children                           []int // (ns+1) x rowlength
	rowlength                          int
	pDiag, pParent, pChildren, bB      []float64
	dt                                 float64
}

func newBrian2Solver(f *morph.Flat, cm []float64, ri, dt float64) *brian2Solver {
	n, ns := f.N, len(f.Start)
	b := &brian2Solver{n: n, ns: ns, ri: ri, dt: dt, area: f.Area}
	b.cm = make([]float64, n)
	for i := range b.cm {
		b.cm[i] = cm[min(i, len(cm)-1)]
	}
	mk := func(k int) []float64 { return make([]float64, k) }
	b.invr, b.ab0, b.ab1, b.ab2, b.bPlus, b.bMinus = mk(n), mk(n), mk(n), mk(n), mk(n), mk(n)
	b.vStar, b.uPlus, b.uMinus, b.cc = mk(n), mk(n), mk(n), mk(n)
	b.invr0, b.invrn = mk(ns), mk(ns)
	b.starts, b.ends = f.Start, f.End
	b.parentI = make([]int, ns)
	b.idxChild = make([]int, ns)
	kids := make([][]int, ns+1)
	for k := range ns {
		p := f.Parent[k] + 1
		b.parentI[k] = p
		b.idxChild[k] = len(kids[p])
		kids[p] = append(kids[p], k+1)
	}
	b.childrenNum = make([]int, ns+1)
	for k := range kids {
		b.childrenNum[k] = len(kids[k])
		b.rowlength = max(b.rowlength, len(kids[k]))
	}
	b.children = make([]int, (ns+1)*b.rowlength)
	for k := range kids {
		copy(b.children[k*b.rowlength:], kids[k])
	}
	b.pDiag, b.pParent, b.pChildren, b.bB = mk(ns+1), mk(ns), mk((ns+1)*b.rowlength), mk(ns+1)

	// before_code
	r1, r2 := f.RLength1, f.RLength2
	for i := 1; i < n; i++ {
		b.invr[i] = 1.0 / (ri * (1/r2[i-1] + 1/r1[i]))
	}
	for _, s := range b.starts {
		b.invr[s] = 0
	}
	for i := range n {
		b.ab1[i] = -(b.cm[i] / dt) - b.invr[i]/b.area[i]
	}
	for i := 1; i < n; i++ {
		b.ab0[i] = b.invr[i] / b.area[i-1]
		b.ab2[i-1] = b.invr[i] / b.area[i]
		b.ab1[i-1] -= b.invr[i] / b.area[i-1]
	}
	for k := range ns {
		first, last := b.starts[k], b.ends[k]-1
		i0 := r1[first] / ri
		in := r2[last] / ri
		b.invr0[k], b.invrn[k] = i0, in
		b.ab1[first] -= i0 / b.area[first]
		b.ab1[last] -= in / b.area[last]
		b.bPlus[last] = -(in / b.area[last])
		b.bMinus[first] = -(i0 / b.area[first])
	}
	return b
}

// step is the maincode block, with _I0 and _gtot given.
func (b *brian2Solver) step(v, i0, gtot []float64) {
	n := b.n
	for k := range b.ns {
		js, je := b.starts[k], b.ends[k]
		for j := js; j < je; j++ {
			b.vStar[j] = -(float64(b.cm[j]/b.dt) * v[j]) - i0[j]
			b.uPlus[j] = b.bPlus[j]
			b.uMinus[j] = b.bMinus[j]
			bi := b.ab1[j] - gtot[j]
			if j < n-1 {
				b.cc[j] = b.ab0[j+1]
			}
			if j > 0 {
				ai := b.ab2[j-1]
				m := 1.0 / (bi - float64(ai*b.cc[j-1]))
				b.cc[j] = b.cc[j] * m
				b.vStar[j] = (b.vStar[j] - float64(ai*b.vStar[j-1])) * m
				b.uPlus[j] = (b.uPlus[j] - float64(ai*b.uPlus[j-1])) * m
				b.uMinus[j] = (b.uMinus[j] - float64(ai*b.uMinus[j-1])) * m
			} else {
				b.cc[0] = b.cc[0] / bi
				b.vStar[0] = b.vStar[0] / bi
				b.uPlus[0] = b.uPlus[0] / bi
				b.uMinus[0] = b.uMinus[0] / bi
			}
		}
		for j := je - 2; j >= js; j-- {
			b.vStar[j] = b.vStar[j] - float64(b.cc[j]*b.vStar[j+1])
			b.uPlus[j] = b.uPlus[j] - float64(b.cc[j]*b.uPlus[j+1])
			b.uMinus[j] = b.uMinus[j] - float64(b.cc[j]*b.uMinus[j+1])
		}
	}
	rl := b.rowlength
	for k := range b.ns {
		ip, ic := b.parentI[k], b.idxChild[k]
		first, last := b.starts[k], b.ends[k]-1
		i0, in := b.invr0[k], b.invrn[k]
		if k == 0 {
			b.pDiag[0] = b.uMinus[first] - 1
			b.pChildren[0] = b.uPlus[first]
			b.bB[0] = -b.vStar[first]
		} else {
			b.pDiag[ip] += float64((1 - b.uMinus[first]) * i0)
			b.pChildren[ip*rl+ic] = -b.uPlus[first] * i0
			b.bB[ip] += float64(b.vStar[first] * i0)
		}
		b.pDiag[k+1] = (1 - b.uPlus[last]) * in
		b.pParent[k] = -b.uMinus[last] * in
		b.bB[k+1] = b.vStar[last] * in
	}
	for i := b.ns; i >= 0; i-- {
		for kk := range b.childrenNum[i] {
			j := b.children[i*rl+kk]
			sub := b.pChildren[i*rl+kk] / b.pDiag[j]
			b.pDiag[i] = b.pDiag[i] - float64(sub*b.pParent[j-1])
			b.bB[i] = b.bB[i] - float64(sub*b.bB[j])
		}
	}
	b.bB[0] = b.bB[0] / b.pDiag[0]
	for i := 1; i <= b.ns; i++ {
		j := b.parentI[i-1]
		b.bB[i] = b.bB[i] - float64(b.pParent[i-1]*b.bB[j])
		b.bB[i] = b.bB[i] / b.pDiag[i]
	}
	for k := range b.ns {
		ip := b.parentI[k]
		for j := b.starts[k]; j < b.ends[k]; j++ {
			v[j] = b.vStar[j] + float64(b.bB[ip]*b.uMinus[j]) + float64(b.bB[k+1]*b.uPlus[j])
		}
	}
}
