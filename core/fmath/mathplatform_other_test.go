//go:build !wasm && !386 && !amd64

package fmath

// On the other architectures math has assembly for Exp (arm64, loong64,
// s390x), or the compiler fuses multiply-adds in math's pure-Go code
// (arm64, loong64, ppc64, riscv64, s390x), or both.
const (
	mathIsPureGo  = false
	mathIsUnfused = false
)
