//go:build wasm || 386

package fmath

// On wasm and 386, package math has no assembly for the functions of this
// package (except the exact Floor, Ceil and Trunc) and the compiler does
// not fuse multiply-adds, so math's results are the reference ones.
const (
	mathIsPureGo  = true
	mathIsUnfused = true
)
