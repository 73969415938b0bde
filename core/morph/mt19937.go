package morph

import "github.com/myelin-sim/myelin/core/fmath"

// mt19937 is the Mersenne Twister as numpy's legacy RandomState uses it
// (which is what Brian2's generate_coordinates draws from, through
// numpy.random), so that a seed gives the same random morphology here as
// numpy.random.seed(seed) gives in Brian2.
type mt19937 struct {
	key [624]uint32
	pos int
}

// newMT19937 seeds the generator as numpy.random.seed(seed) does for an
// integer seed (the reference init_genrand).
func newMT19937(seed uint32) *mt19937 {
	m := &mt19937{}
	s := seed
	for i := range m.key {
		m.key[i] = s
		s = 1812433253*(s^(s>>30)) + uint32(i) + 1
	}
	m.pos = len(m.key)
	return m
}

func (m *mt19937) next() uint32 {
	const (
		n         = 624
		mm        = 397
		upperMask = 0x80000000
		lowerMask = 0x7fffffff
		matrixA   = 0x9908b0df
	)
	if m.pos == n {
		k := &m.key
		var i int
		for i = 0; i < n-mm; i++ {
			y := (k[i] & upperMask) | (k[i+1] & lowerMask)
			k[i] = k[i+mm] ^ (y >> 1) ^ (-(y & 1) & matrixA)
		}
		for ; i < n-1; i++ {
			y := (k[i] & upperMask) | (k[i+1] & lowerMask)
			k[i] = k[i+(mm-n)] ^ (y >> 1) ^ (-(y & 1) & matrixA)
		}
		y := (k[n-1] & upperMask) | (k[0] & lowerMask)
		k[n-1] = k[mm-1] ^ (y >> 1) ^ (-(y & 1) & matrixA)
		m.pos = 0
	}
	y := m.key[m.pos]
	m.pos++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// float64 returns a uniform number in [0, 1) with 53 random bits
// (numpy.random.rand).
func (m *mt19937) float64() float64 {
	a := m.next() >> 5
	b := m.next() >> 6
	return (float64(float64(a)*67108864.0) + float64(b)) / 9007199254740992.0
}

// exponential returns an exponentially distributed number of the given
// scale (numpy.random.exponential(scale) of the legacy RandomState:
// -log(1 - U) times the scale).
func (m *mt19937) exponential(scale float64) float64 {
	return scale * -fmath.Log(1.0-m.float64())
}
