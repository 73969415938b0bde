//go:build amd64.v3

package fmath

// With GOAMD64=v3, the compiler fuses multiply-adds in math's pure-Go code.
const (
	mathIsPureGo  = false
	mathIsUnfused = false
)
