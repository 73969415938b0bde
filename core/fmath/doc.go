// Package fmath is portable floating-point maths: the elementary functions of
// package math, computed so that they return the same bits on every GOOS and
// GOARCH, WebAssembly included.
//
// # Why
//
// A seed must give the same simulation natively (amd64, arm64) and in the
// browser (GOOS=js GOARCH=wasm), and spiking networks are chaotic: one ulp
// of difference in one membrane potential soon changes which neurons spike
// when. Package math does not give that guarantee, for two reasons.
//
// First, some of its functions are assembly on some architectures and pure
// Go on the others: math.Exp on amd64, arm64, loong64 and s390x, math.Log
// on amd64 and s390x, and most of the others on s390x. On 10⁵ inputs
// (TestAgainstMath), math.Exp on amd64 differs from its pure-Go version,
// which wasm runs, on about one input in ten, by up to 2 ulp; math.Sinh,
// Cosh, Tanh, Pow and Log10 inherit the differences. The amd64 assembly is
// also wrong in places: math.Exp returns +Inf for x in (709.436139303104,
// 709.78], where e**x is finite, and math.Log of a subnormal number is
// wrong (golang/go#56600: Log(5e-324) is -709.09, not -744.44).
//
// Second, the compiler may fuse a multiplication and an addition, x*y + z,
// into one fused multiply-add instruction, which rounds once instead of
// twice. It does so on arm64, ppc64, ppc64le, s390x, riscv64 and loong64,
// and on amd64 with GOAMD64=v3 or higher, but never on wasm or 386; and it
// does so inside package math's own pure-Go code. Built with GOAMD64=v3,
// math.Sin, Cos, Tan, Asin, Acos, Atan, Atan2 and Log1p change on 0.1 to 3%
// of the inputs of TestAgainstMath, by up to 4 ulp (Acos). On arm64 (run
// under qemu-user), math.Sin differs from the amd64 result on 8% of them,
// Tan on 18%, Asin and Acos on 11%, by up to 1.3e5 ulp close to the zeros
// of Sin and Tan. The Go specification allows this fusion, across statements and
// inlined calls, and says how to prevent it: an explicit conversion,
// float64(x*y) + z, rounds the product.
//
// # Contract
//
// Every function returns the same bits on every GOOS/GOARCH for every
// input. This covers NaN results too: a NaN argument is returned unchanged
// and an invalid operation returns math.NaN(), never a NaN made by
// arithmetic, whose bits IEEE 754 leaves to the hardware (x86, arm64 and
// WebAssembly differ).
//
// The functions are Go's own pure-Go algorithms (fdlibm's for Log and
// Log1p, Cephes' for the trigonometric and hyperbolic functions, with
// Payne-Hanek reduction of huge arguments), which are what math runs on
// wasm and 386, except Exp, Expm1 and Exprel, which are this package's own
// (below); all are written so that no multiply-add can be fused: every product that reaches an addition is converted,
// float64(x*y). They call no function of math that has assembly on some
// architecture, except the exact ones: IEEE 754 defines the results of
// Sqrt, Floor, Ceil, Trunc and Abs exactly, so any correct implementation
// gives the same bits, and this package forwards them to math (after the
// NaN check above).
//
// So fmath.F(x) is, bit for bit, what math.F(x) returns under GOOS=js
// GOARCH=wasm and GOARCH=386, NaN bits apart, for every F not built on Exp
// or Expm1. Exp, Expm1, Exprel and the functions that call Exp (Pow, Sinh,
// Cosh, Tanh) differ from math's pure-Go results in the last bit on some
// inputs everywhere, being more accurate (Exp 0.51 ulp, math's pure Go
// 0.91). On amd64 (GOAMD64=v1) fmath.F(x) is math.F(x) for the others,
// except Log and Log10, which are within 1 ulp of math on 98% or more of
// inputs; where they differ more (math's overflow and subnormal defects
// above, and Pow by up to 5 ulp, both being inaccurate there) the tests
// check input by input that fmath is within its accuracy of the exact
// value. Unlike math, fmath's results will not change when a
// Go release changes an algorithm or adds assembly.
//
// Exp has no division: x = (k/128)*ln2 + r with |r| ≤ ln2/256, then
// e**x = 2**floor(k/128) * 2**(j/128) * e**r (j = k mod 128), the first
// factor added to the exponent bits, the second from a table of 128
// values kept to about 106 bits (a float64 and its relative tail,
// exptab.go, generated with math/big by TestExpTable), the third a Taylor
// polynomial of degree 5; the result is rounded once, at the last
// addition. Expm1 for ln2/2 < |x| uses the same reduction, e**x - 1 =
// (s - 1) + s*q with the rounding error of s - 1 kept exactly; nearer 0 it
// is x + (h + x*h*R(x)), h = x*x/2, R a Taylor polynomial of degree 11.
// Neither has a division. Exprel, Brian2's exprel(x) = (e**x - 1)/x, is
// Expm1(x)/x with Brian2's special cases: 1 for |x| < 1e-16 and +Inf for
// x > 717. ExprelSlice and ExpSlice are the slice forms, with the same
// bits, for kernels.
//
// # Tests
//
// TestGolden compares the results on about 1800 inputs per function (2900
// for Pow and Atan2; the special values, then random inputs from
// fixed-seed PCG streams) with testdata/golden.txt, written on
// linux/amd64. It passes under GOOS=js GOARCH=wasm, with GOARCH=386 and
// GOAMD64=v3, and for arm64, ppc64le, s390x, riscv64, loong64 and arm run
// under qemu-user. TestAgainstMath compares with math on 10⁵ inputs per
// function, and requires identical results on wasm and 386 (and on amd64
// for the functions not based on Exp and Log) for the functions not built
// on fmath's own Exp and Expm1. TestNoFusableProducts
// checks the float64(x*y) rule on the syntax tree of the package, and
// TestNoFMAInstructions compiles it for the six architectures that fuse and
// finds no fused multiply-add instruction. TestAccuracy measures errors
// against exact values computed with math/big.
//
// # Accuracy
//
// Errors in ulps of the exact result, the largest found on 5×10⁴ random
// inputs per range (TestAccuracy -refn=50000; 0.5 would be correct
// rounding; Exp, Expm1, Exprel with -refn=1000000). Except for those, they
// are close to those of Go's pure-Go math as it runs on wasm and 386
// (whose Exp has 0.91 ulp; on amd64, math's assembly Exp has up to 1.67
// ulp); those of Pow, Sinh, Cosh and Tanh are measured with fmath's Exp:
//
//	Exp      0.51   on [-745, 709.8]
//	Expm1    0.52   for ln2/2 < |x|; 0.76 for |x| ≤ ln2/2
//	Exprel   1.5    on [-745, 709.78], near 0 included (Expm1's error
//	                and the division's rounding)
//	Log      0.78   on all positive numbers, subnormals included
//	Log10    1.78
//	Log1p    0.79   on (-1, +Inf); 1.03 at √2-1
//	Pow      3.1    for x in [0, 10), y in [-3, 3)
//	         7.3    for x in [0, 10), y in [-10, 10)
//	         7.1    for y = n/2, |y| ≤ 10
//	         20     for integer |y| ≤ 30: the integer part of y is applied
//	                by repeated squaring, and the error grows with |y|,
//	                to 680 for |y| ≤ 1000
//	         the fractional part yf of y, as Exp(yf*Log(x)) with
//	         |yf| ≤ 0.5, adds up to |yf*Log(x)| ulps: 70 at
//	         Pow(5e-324, 0.25)
//	Sin      1.51   for |x| ≤ 1e6
//	Cos      1.47   for |x| ≤ 1e6
//	Tan      2.42   for |x| ≤ 1e6, but up to 30 (25 found) for
//	                2.6e-8 < |x| ≤ 1e-7, where Tan(x) is x
//	         close to the multiples of π/2, where Sin, Cos or Tan is close
//	         to 0, a tiny absolute error (below 1e-25 for |x| ≤ 1e6) is a
//	         large relative one: 6.9 ulp at Sin(π), 1.06e5 ulp at
//	         Sin(91.106186954104) = -1.24e-18 (29π rounded), 4.6e5 for
//	         |x| ≤ 1e6; and for |x| ≥ 2**20 the absolute error is about
//	         1e-16, up to 1e4 ulp where the result is near 0 (Sin 4.7e3,
//	         Cos 8.2e3, Tan 1.1e4 found)
//	Sinh     2.66   (the largest errors are for |x| < 1)
//	Cosh     1.0
//	Tanh     1.27
//	Asin     1.9    for |x| ≤ 0.7; 23 on [-1, 1]; 1.0e3 within 2**-4 of ±1
//	Acos     1.71   for |x| ≤ 0.7; 5.4e3 on [-1, 1]; 512 within 2**-4 of -1;
//	                within 2**-4 of 1 the absolute error stays below 1e-16
//	                but the relative error reaches 2.5e7 ulp:
//	                Acos(1-2**-52) is 2.107342433887993e-08 for
//	                2.1073424255447017e-08
//	Atan     1.02
//	Atan2    1.43
//
// Known defects, all of them math's too:
//
//   - Sinh and Cosh return ±Inf for 709.78 < |x| ≤ 710.48, where the
//     result is finite: they compute Exp(|x|)/2.
//   - Exprel is +Inf for x > 709.78, as in Brian2; the exact result is
//     finite up to x ≈ 716.
//   - Atan2(y, x) with y < 0 and x < 0 is +π instead of -π when y/x
//     underflows to 0, as in Atan2(-5e-324, -2).
//
// # Use
//
// Use fmath instead of math in every computation whose result reaches the
// state of a simulation, and follow the same rule in that code: write a
// product that is then added or subtracted as float64(x*y), or arm64 and
// GOAMD64=v3 builds may compute something else.
//
// The cost is about math's, less for Exp, Expm1 and Exprel. Measured
// natively on amd64: 0.95 to 1.22 times math's time, Exp 0.7 times
// math's assembly, Expm1 0.75, Exprel 0.6-0.8. Under wasm: 0.5 to 1.25
// times (Exp 0.3 times math.Exp's there, Expm1 0.5), except Sqrt, Floor, Ceil and Trunc, 1.3 to 1.9
// times (a few ns) for their NaN check. See the benchmarks in
// bench_test.go.
package fmath
