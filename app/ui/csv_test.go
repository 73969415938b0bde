package ui

import (
	"bytes"
	"flag"
	"math"
	"os"
	"testing"
)

var updateCSV = flag.Bool("update-csv", false, "rewrite wasm/testdata/lif_100ms.csv")

// CSVNumber writes numbers as JavaScript's String(x) does; the expected
// texts are Node's String() of the same numbers.
func TestCSVNumber(t *testing.T) {
	tests := []struct {
		x    float64
		want string
	}{
		{1e-7, "1e-7"},
		{1.5e-7, "1.5e-7"},
		{1e-6, "0.000001"},
		{0.0000015, "0.0000015"},
		{5e-5, "0.00005"},
		{1e20, "100000000000000000000"},
		{1e21, "1e+21"},
		{1.5e21, "1.5e+21"},
		{-0.065, "-0.065"},
		{4000000, "4000000"},
		{0.1, "0.1"},
		{math.Copysign(0, -1), "0"},
		{123456789012345680000, "123456789012345680000"},
		{0.30000000000000004, "0.30000000000000004"}, // 0.1 + 0.2 in floating point
		{math.NaN(), "NaN"},
		{math.Inf(-1), "-Infinity"},
	}
	for _, tc := range tests {
		if got := CSVNumber(tc.x); got != tc.want {
			t.Errorf("CSVNumber(%v) = %q, want %q", tc.x, got, tc.want)
		}
	}
}

// The app's CSV of the LIF example run 100 ms is the text of
// wasm/testdata/lif_100ms.csv, which site/test/api_test.js compares with
// the light view's CSV (site/lite.js) of the same run in WebAssembly: the
// two exports are one format, byte for byte. go test -run TestCSVFile
// -update-csv rewrites the file.
func TestCSVFile(t *testing.T) {
	c := load(t, "lif.toml")
	c.Lock()
	s := c.Session()
	if err := s.Start(0.1, true); err != nil {
		t.Fatal(err)
	}
	for {
		_, done, err := s.Advance(1 << 20)
		if err != nil {
			t.Fatal(err)
		}
		if done {
			break
		}
	}
	c.Unlock()
	got, err := c.ResultsCSV()
	if err != nil {
		t.Fatal(err)
	}
	const file = "../../wasm/testdata/lif_100ms.csv"
	if *updateCSV {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the CSV of lif.toml (100 ms) differs from %s (%d bytes, want %d)", file, len(got), len(want))
	}
}
