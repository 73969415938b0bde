//go:build amd64

package fmath

// On amd64, math.Exp and math.Log are assembly; the compiler fuses
// multiply-adds only for GOAMD64=v3 and above (see fma_amd64v1_test.go and
// fma_amd64v3_test.go).
const mathIsPureGo = false
