//go:build amd64 && !amd64.v3

package fmath

// On amd64, math.Exp and math.Log are assembly; the compiler fuses
// multiply-adds only with GOAMD64=v3 and above.
const (
	mathIsPureGo  = false
	mathIsUnfused = true
)
