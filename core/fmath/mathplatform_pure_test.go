//go:build wasm || 386

package fmath

// What package math is on this platform, for TestAgainstMath: on wasm and
// 386 it has no assembly for the functions of this package (except the
// exact Floor, Ceil and Trunc), and the compiler fuses no multiply-adds, so
// its results are exactly those of fmath's algorithms.
const (
	mathIsPureGo  = true // no assembly for Exp and Log
	mathIsUnfused = true // no fused multiply-adds in math's pure-Go code
)
