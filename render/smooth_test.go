package render

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// brian2Smooth is testdata/brian2/smooth_rate.json, written by Brian2 2.5.1
// (scripts/brian2/smooth_rate.py): rates its PopulationRateMonitor recorded
// and what smooth_rate returned for them.
type brian2Smooth struct {
	Version    string `json:"brian2"`
	Recordings []struct {
		DT    float64   `json:"dt"`
		Rate  []float64 `json:"rate"`
		Cases []struct {
			Window string    `json:"window"`
			Width  float64   `json:"width"`
			Smooth []float64 `json:"smooth"`
		} `json:"cases"`
	} `json:"recordings"`
}

func TestSmoothRateBrian2(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "brian2", "smooth_rate.json"))
	if err != nil {
		t.Fatal(err)
	}
	var b brian2Smooth
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	if len(b.Recordings) == 0 {
		t.Fatal("no recordings in smooth_rate.json")
	}
	for _, rec := range b.Recordings {
		for _, c := range rec.Cases {
			kind := Flat
			if c.Window == "gaussian" {
				kind = Gaussian
			}
			got, err := SmoothRate(rec.Rate, rec.DT, kind, c.Width)
			if err != nil {
				t.Fatalf("%s %g: %v", c.Window, c.Width, err)
			}
			want := c.Smooth
			if len(want) > len(rec.Rate) {
				// numpy's 'same' returned the window's length; the values
				// centred on the rate's samples are its middle.
				off := (len(want)-1)/2 - (len(rec.Rate)-1)/2
				want = want[off : off+len(rec.Rate)]
			}
			if len(got) != len(want) {
				t.Fatalf("%s %g: %d values, Brian2 has %d", c.Window, c.Width, len(got), len(want))
			}
			// numpy sums in another order (and exp may differ in the last
			// bit): agree to 1e-12 of the largest rate.
			scale := 0.0
			for _, v := range rec.Rate {
				scale = math.Max(scale, math.Abs(v))
			}
			for k := range got {
				if d := math.Abs(got[k] - want[k]); d > 1e-12*scale {
					t.Errorf("%s %g (n=%d): smooth[%d] = %.17g, Brian2 %.17g", c.Window, c.Width, len(rec.Rate), k, got[k], want[k])
					break
				}
			}
		}
	}
}

func TestSmoothingWindow(t *testing.T) {
	tests := []struct {
		kind      Window
		width, dt float64
		n         int
	}{
		{Flat, 5e-3, 1e-4, 51},
		{Flat, 1e-4, 1e-4, 1},
		{Flat, 0.5e-4, 1e-4, 1},
		{Gaussian, 1e-3, 1e-4, 41},
		// Half-way cases round to even, as numpy.round does.
		{Gaussian, 0.25, 1, 1},       // round(0.5) = 0
		{Gaussian, 0.75, 1, 5},       // round(1.5) = 2
		{Gaussian, 1.25, 1, 5},       // round(2.5) = 2
		{Gaussian, 0.75e-4, 1e-4, 3}, // 2·0.75e-4/1e-4 is 1.4999999999999998
	}
	for _, tc := range tests {
		w, err := SmoothingWindow(tc.kind, tc.width, tc.dt)
		if err != nil || len(w) != tc.n {
			t.Errorf("SmoothingWindow(%v, %g, %g): %d values, %v; want %d", tc.kind, tc.width, tc.dt, len(w), err, tc.n)
			continue
		}
		if mid := w[len(w)/2]; mid != 1 {
			t.Errorf("SmoothingWindow(%v, %g, %g): middle value %v, want 1", tc.kind, tc.width, tc.dt, mid)
		}
	}
	for _, bad := range []struct {
		kind      Window
		width, dt float64
	}{
		{Flat, 0, 1e-4}, {Flat, -1, 1e-4}, {Gaussian, math.NaN(), 1e-4},
		{Flat, 1e-3, 0}, {Gaussian, 1e-3, math.Inf(1)}, {Window(7), 1e-3, 1e-4},
		{Flat, 1e6, 1e-9},
	} {
		if _, err := SmoothingWindow(bad.kind, bad.width, bad.dt); err == nil {
			t.Errorf("SmoothingWindow(%v, %g, %g) did not fail", bad.kind, bad.width, bad.dt)
		}
	}
}

func TestSmoothWith(t *testing.T) {
	// A window of three equal values averages neighbours; zeros lie beyond
	// the ends.
	got, err := SmoothWith(nil, []float64{3, 6, 9, 12}, []float64{1, 1, 1})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{3, 6, 9, 7}
	for k := range want {
		if math.Abs(got[k]-want[k]) > 1e-12 {
			t.Errorf("SmoothWith: %v, want %v", got, want)
			break
		}
	}
	if out, err := SmoothWith(nil, nil, []float64{1}); err != nil || len(out) != 0 {
		t.Errorf("SmoothWith of no data: %v, %v", out, err)
	}
	if _, err := SmoothWith(nil, []float64{1}, []float64{1, 1}); err == nil {
		t.Error("an even window did not fail")
	}
	if _, err := SmoothWith(nil, []float64{1}, []float64{1, -1, 0}); err == nil {
		t.Error("a window summing to zero did not fail")
	}
	// dst is reused.
	dst := make([]float64, 0, 8)
	out, _ := SmoothWith(dst, []float64{1, 2}, []float64{1})
	if &out[0] != &dst[:1][0] {
		t.Error("SmoothWith did not reuse dst")
	}
}
