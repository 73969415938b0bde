// Copyright 2011 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.
//
// The original C code, the long comment, and the constants below are from
// http://netlib.sandia.gov/cephes/cmath/sin.c and tan.c, available from
// http://www.netlib.org/cephes/cmath.tgz. The go code is a simplified
// version of the original C.
//
//	Cephes Math Library Release 2.8:  June, 2000
//	Copyright 1984, 1987, 1989, 1992, 2000 by Stephen L. Moshier
//
// The readme file at http://netlib.sandia.gov/cephes/ says:
//
//	Some software in this archive may be from the book _Methods and
//	Programs for Mathematical Functions_ (Prentice-Hall or Simon & Schuster
//	International, 1989) or from the Cephes Mathematical Library, a
//	commercial product. In either event, it is copyrighted by the author.
//	What you see here may be used freely but it comes with no support or
//	guarantee.
//
//	The two known misprints in the book are repaired here in the
//	source listings for the gamma function and the incomplete beta
//	integral.
//
//	Stephen L. Moshier
//	moshier@na-net.ornl.gov
//
// Adapted for package fmath from Go's pure-Go math.sin, math.cos, math.tan
// and math.trigReduce: every product that takes part in an addition is
// wrapped in float64(...) so that no fused multiply-add can be formed.

package fmath

import (
	"math"
	"math/bits"
)

// Coefficients of the Cephes polynomials for sin and cos on [-π/4, π/4].
const (
	sin0 = 1.58962301576546568060e-10 // 0x3de5d8fd1fd19ccd
	sin1 = -2.50507477628578072866e-8 // 0xbe5ae5e5a9291f5d
	sin2 = 2.75573136213857245213e-6  // 0x3ec71de3567d48a1
	sin3 = -1.98412698295895385996e-4 // 0xbf2a01a019bfdf03
	sin4 = 8.33333333332211858878e-3  // 0x3f8111111110f7d0
	sin5 = -1.66666666666666307295e-1 // 0xbfc5555555555548

	cos0 = -1.13585365213876817300e-11 // 0xbda8fa49a0861a9b
	cos1 = 2.08757008419747316778e-9   // 0x3e21ee9d7b4e3f05
	cos2 = -2.75573141792967388112e-7  // 0xbe927e4f7eac4bc6
	cos3 = 2.48015872888517045348e-5   // 0x3efa01a019c844f5
	cos4 = -1.38888888888730564116e-3  // 0xbf56c16c16c14f91
	cos5 = 4.16666666666665929218e-2   // 0x3fa555555555554b
)

// Pi/4 split into three parts, for the extended-precision reduction
// z = ((x - y*pi4a) - y*pi4b) - y*pi4c.
const (
	pi4a = 7.85398125648498535156e-1  // 0x3fe921fb40000000
	pi4b = 3.77489470793079817668e-8  // 0x3e64442d00000000
	pi4c = 2.69515142907905952645e-15 // 0x3ce8469898cc5170
)

// sinPoly returns sin(z) for |z| ≤ π/4, given zz = z*z.
func sinPoly(z, zz float64) float64 {
	p := float64(sin0*zz) + sin1
	p = float64(p*zz) + sin2
	p = float64(p*zz) + sin3
	p = float64(p*zz) + sin4
	p = float64(p*zz) + sin5
	return z + float64(z*zz*p)
}

// cosPoly returns cos(z) for |z| ≤ π/4, given zz = z*z.
func cosPoly(zz float64) float64 {
	p := float64(cos0*zz) + cos1
	p = float64(p*zz) + cos2
	p = float64(p*zz) + cos3
	p = float64(p*zz) + cos4
	p = float64(p*zz) + cos5
	return (1.0 - float64(0.5*zz)) + float64(zz*zz*p)
}

// Cos returns the cosine of the radian argument x.
//
// Special cases are:
//
//	Cos(±Inf) = NaN
//	Cos(NaN) = NaN
//
// It is the Cephes algorithm of Go's pure-Go math.Cos, with Payne-Hanek
// reduction for |x| ≥ 2**29.
func Cos(x float64) float64 {
	// special cases
	switch {
	case isNaN(x) || isInf(x, 0):
		return math.NaN()
	}

	// make argument positive
	sign := false
	x = math.Abs(x)

	var j uint64
	var y, z float64
	if x >= reduceThreshold {
		j, z = trigReduce(x)
	} else {
		// Integer part of x/(Pi/4), as integer for tests on the phase
		// angle; float64(...) because uint64(float) subtracts 2**63 on
		// some architectures, and that subtraction can be fused.
		j = uint64(float64(x * (4 / math.Pi)))
		y = float64(j) // integer part of x/(Pi/4), as float

		// map zeros to origin
		if j&1 == 1 {
			j++
			y++
		}
		j &= 7                                                          // octant modulo 2Pi radians (360 degrees)
		z = ((x - float64(y*pi4a)) - float64(y*pi4b)) - float64(y*pi4c) // Extended precision modular arithmetic
	}
	if j > 3 {
		j -= 4
		sign = !sign
	}
	if j > 1 {
		sign = !sign
	}

	zz := float64(z * z)
	if j == 1 || j == 2 {
		y = sinPoly(z, zz)
	} else {
		y = cosPoly(zz)
	}
	if sign {
		y = -y
	}
	return y
}

// Sin returns the sine of the radian argument x.
//
// Special cases are:
//
//	Sin(±0) = ±0
//	Sin(±Inf) = NaN
//	Sin(NaN) = NaN
//
// It is the Cephes algorithm of Go's pure-Go math.Sin, with Payne-Hanek
// reduction for |x| ≥ 2**29.
func Sin(x float64) float64 {
	// special cases
	switch {
	case x == 0 || isNaN(x):
		return x // return ±0 || NaN()
	case isInf(x, 0):
		return math.NaN()
	}

	// make argument positive but save the sign
	sign := false
	if x < 0 {
		x = -x
		sign = true
	}

	var j uint64
	var y, z float64
	if x >= reduceThreshold {
		j, z = trigReduce(x)
	} else {
		// Integer part of x/(Pi/4), as integer for tests on the phase
		// angle; float64(...) because uint64(float) subtracts 2**63 on
		// some architectures, and that subtraction can be fused.
		j = uint64(float64(x * (4 / math.Pi)))
		y = float64(j) // integer part of x/(Pi/4), as float

		// map zeros to origin
		if j&1 == 1 {
			j++
			y++
		}
		j &= 7                                                          // octant modulo 2Pi radians (360 degrees)
		z = ((x - float64(y*pi4a)) - float64(y*pi4b)) - float64(y*pi4c) // Extended precision modular arithmetic
	}
	// reflect in x axis
	if j > 3 {
		sign = !sign
		j -= 4
	}
	zz := float64(z * z)
	if j == 1 || j == 2 {
		y = cosPoly(zz)
	} else {
		y = sinPoly(z, zz)
	}
	if sign {
		y = -y
	}
	return y
}

// Coefficients of the Cephes rational function for tan on [-π/4, π/4].
const (
	tanP0 = -1.30936939181383777646e4 // 0xc0c992d8d24f3f38
	tanP1 = 1.15351664838587416140e6  // 0x413199eca5fc9ddd
	tanP2 = -1.79565251976484877988e7 // 0xc1711fead3299176
	tanQ1 = 1.36812963470692954678e4  // 0x40cab8a5eeb36572
	tanQ2 = -1.32089234440210967447e6 // 0xc13427bc582abc96
	tanQ3 = 2.50083801823357915839e7  // 0x4177d98fc2ead8ef
	tanQ4 = -5.38695755929454629881e7 // 0xc189afe03cbe5a31
)

// Tan returns the tangent of the radian argument x.
//
// Special cases are:
//
//	Tan(±0) = ±0
//	Tan(±Inf) = NaN
//	Tan(NaN) = NaN
//
// It is the Cephes algorithm of Go's pure-Go math.Tan, with Payne-Hanek
// reduction for |x| ≥ 2**29.
func Tan(x float64) float64 {
	// special cases
	switch {
	case x == 0 || isNaN(x):
		return x // return ±0 || NaN()
	case isInf(x, 0):
		return math.NaN()
	}

	// make argument positive but save the sign
	sign := false
	if x < 0 {
		x = -x
		sign = true
	}
	var j uint64
	var y, z float64
	if x >= reduceThreshold {
		j, z = trigReduce(x)
	} else {
		j = uint64(float64(x * (4 / math.Pi))) // see Cos
		y = float64(j)

		// map zeros and singularities to origin
		if j&1 == 1 {
			j++
			y++
		}
		z = ((x - float64(y*pi4a)) - float64(y*pi4b)) - float64(y*pi4c)
	}
	zz := float64(z * z)
	if zz > 1e-14 {
		p := float64(tanP0*zz) + tanP1
		p = float64(p*zz) + tanP2
		q := float64((zz+tanQ1)*zz) + tanQ2
		q = float64(q*zz) + tanQ3
		q = float64(q*zz) + tanQ4
		y = z + float64(z*(zz*p/q))
	} else {
		y = z
	}
	if j&2 == 2 {
		y = -1 / y
	}
	if sign {
		y = -y
	}
	return y
}

// reduceThreshold is the maximum value of x where the reduction using Pi/4
// in 3 float64 parts still gives accurate results. This threshold
// is set by y*C being representable as a float64 without error
// where y is given by y = floor(x * (4 / Pi)) and C is the leading partial
// terms of 4/Pi. Since the leading terms (pi4a and pi4b in sin.go) have 30
// and 32 trailing zero bits, y should have less than 30 significant bits.
//
//	y < 1<<30  -> floor(x*4/Pi) < 1<<30 -> x < (1<<30 - 1) * Pi/4
//
// So, conservatively we can take x < 1<<29.
// Above this threshold Payne-Hanek range reduction must be used.
const reduceThreshold = 1 << 29

// trigReduce implements Payne-Hanek range reduction by Pi/4
// for x > 0. It returns the integer part mod 8 (j) and
// the fractional part (z) of x / (Pi/4).
// The implementation is based on:
// "ARGUMENT REDUCTION FOR HUGE ARGUMENTS: Good to the Last Bit"
// K. C. Ng et al, March 24, 1992
// The simulated multi-precision calculation of x*B uses 64-bit integer arithmetic.
func trigReduce(x float64) (j uint64, z float64) {
	const PI4 = math.Pi / 4
	if x < PI4 {
		return 0, x
	}
	// Extract out the integer and exponent such that,
	// x = ix * 2 ** exp.
	ix := math.Float64bits(x)
	exp := int(ix>>shift&mask) - bias - shift
	ix &^= mask << shift
	ix |= 1 << shift
	// Use the exponent to extract the 3 appropriate uint64 digits from mPi4,
	// B ~ (z0, z1, z2), such that the product leading digit has the exponent -61.
	// Note, exp >= -53 since x >= PI4 and exp < 971 for maximum float64.
	digit, bitshift := uint(exp+61)/64, uint(exp+61)%64
	z0 := (mPi4[digit] << bitshift) | (mPi4[digit+1] >> (64 - bitshift))
	z1 := (mPi4[digit+1] << bitshift) | (mPi4[digit+2] >> (64 - bitshift))
	z2 := (mPi4[digit+2] << bitshift) | (mPi4[digit+3] >> (64 - bitshift))
	// Multiply mantissa by the digits and extract the upper two digits (hi, lo).
	z2hi, _ := bits.Mul64(z2, ix)
	z1hi, z1lo := bits.Mul64(z1, ix)
	z0lo := z0 * ix
	lo, c := bits.Add64(z1lo, z2hi, 0)
	hi, _ := bits.Add64(z0lo, z1hi, c)
	// The top 3 bits of hi give j.
	j = hi >> 61
	// Extract the fraction and find its magnitude.
	hi = hi<<3 | lo>>61
	lz := uint(bits.LeadingZeros64(hi))
	e := uint64(bias - (lz + 1))
	// Clear implicit mantissa bit and shift into place.
	hi = (hi << (lz + 1)) | (lo >> (64 - (lz + 1)))
	hi >>= 64 - shift
	// Include the exponent and convert to a float.
	hi |= e << shift
	z = math.Float64frombits(hi)
	// Map zeros to origin.
	if j&1 == 1 {
		j++
		j &= 7
		z--
	}
	// Multiply the fractional part by pi/4.
	return j, float64(z * PI4)
}

// mPi4 is the binary digits of 4/pi as a uint64 array,
// that is, 4/pi = Sum mPi4[i]*2^(-64*i)
// 19 64-bit digits and the leading one bit give 1217 bits
// of precision to handle the largest possible float64 exponent.
var mPi4 = [...]uint64{
	0x0000000000000001,
	0x45f306dc9c882a53,
	0xf84eafa3ea69bb81,
	0xb6c52b3278872083,
	0xfca2c757bd778ac3,
	0x6e48dc74849ba5c0,
	0x0c925dd413a32439,
	0xfc3bd63962534e7d,
	0xd1046bea5d768909,
	0xd338e04d68befc82,
	0x7323ac7306a673e9,
	0x3908bf177bf25076,
	0x3ff12fffbc0b301f,
	0xde5e2316b414da3e,
	0xda6cfd9e4f96136e,
	0x9e8c7ecd3cbfd45a,
	0xea4f758fd7cbe2f6,
	0x7a0e73ef14a525d4,
	0xd7f6bf623f1aba10,
	0xac06608df8f6d757,
}
