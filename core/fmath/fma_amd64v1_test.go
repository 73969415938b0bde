//go:build amd64 && !amd64.v3

package fmath

const mathIsUnfused = true
