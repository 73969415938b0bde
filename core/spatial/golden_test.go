package spatial

import (
	"hash/fnv"
	"math"
	"testing"

	"github.com/myelin-sim/myelin/core/morph"
)

// TestSameBits: Step's arithmetic is plain IEEE additions, multiplications
// and divisions with no fusable multiply-add, so a run gives the same bits
// on every GOARCH, WebAssembly included. The hash of every v, Ic and axial
// current of the nonuniform Brian2 case over its 2000 steps was recorded on
// amd64; the wasm test run must reproduce it.
func TestSameBits(t *testing.T) {
	r, flat := setupBrian2(t, "nonuniform", func() *morph.Section { return branchedTree(true) })
	c, err := New(flat, r.Cm, r.Ri)
	if err != nil {
		t.Fatal(err)
	}
	h := fnv.New64a()
	var buf [8]byte
	add := func(x []float64) {
		for _, v := range x {
			b := math.Float64bits(v)
			for i := range buf {
				buf[i] = byte(b >> (8 * i))
			}
			h.Write(buf[:])
		}
	}
	ic, ax := make([]float64, r.N), make([]float64, r.N)
	replay(r, cableStepper(c, r.Dt), func(k int, v []float64) {
		add(v)
		if k > 0 {
			c.CapacitiveCurrent(v, ic)
			c.AxialCurrent(v, ax)
			add(ic)
			add(ax)
		}
	})
	const want = 0xff3ee18374493c19
	if got := h.Sum64(); got != want {
		t.Errorf("hash %#x, want %#x", got, uint64(want))
	}
}
