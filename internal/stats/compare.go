package stats

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
)

// Summary describes a sample of one statistic over seeds.
type Summary struct {
	N        int
	Mean, SD float64 // SD with ddof=1 (0 for fewer than two values)
	Min, Max float64
}

// Summarize describes xs.
func Summarize(xs []float64) Summary {
	s := Summary{N: len(xs), Min: math.Inf(1), Max: math.Inf(-1)}
	for _, x := range xs {
		s.Mean += x
		s.Min = math.Min(s.Min, x)
		s.Max = math.Max(s.Max, x)
	}
	if s.N == 0 {
		return Summary{}
	}
	s.Mean /= float64(s.N)
	if s.N > 1 {
		for _, x := range xs {
			s.SD += (x - s.Mean) * (x - s.Mean)
		}
		s.SD = math.Sqrt(s.SD / float64(s.N-1))
	}
	return s
}

// Verdict is the outcome of [Compare].
type Verdict struct {
	Ref, Got Summary
	Lo, Hi   float64 // the accepted interval for Got.Mean
	OK       bool
}

// Compare decides whether a statistic's values over myelin's seeds (got)
// lie within Brian2's spread over its seeds (ref). The accepted interval
// for the mean of got is the range of ref, [min, max], widened on both
// sides by the standard error of the difference of the two means,
// sqrt(sd_ref²/n_ref + sd_got²/n_got): the range alone would already hold
// a single fresh Brian2 seed most of the time, and the widening allows for
// the uncertainty of both means. Nothing here is tuned per model.
func Compare(ref, got []float64) Verdict {
	v := Verdict{Ref: Summarize(ref), Got: Summarize(got)}
	if v.Ref.N == 0 || v.Got.N == 0 {
		return v
	}
	se := math.Sqrt(v.Ref.SD*v.Ref.SD/float64(v.Ref.N) + v.Got.SD*v.Got.SD/float64(v.Got.N))
	v.Lo, v.Hi = v.Ref.Min-se, v.Ref.Max+se
	v.OK = v.Got.Mean >= v.Lo && v.Got.Mean <= v.Hi
	return v
}

// String shows a verdict as "Brian2 m±sd [min, max] (n) vs myelin m±sd (n),
// accepted [lo, hi]".
func (v Verdict) String() string {
	return fmt.Sprintf("Brian2 %.4g±%.2g [%.4g, %.4g] (%d seeds) vs myelin %.4g±%.2g (%d seeds), accepted [%.4g, %.4g]",
		v.Ref.Mean, v.Ref.SD, v.Ref.Min, v.Ref.Max, v.Ref.N, v.Got.Mean, v.Got.SD, v.Got.N, v.Lo, v.Hi)
}

// Reference is one file of testdata/brian2/stats: a model's statistics
// from Brian2, one record per seed.
type Reference struct {
	Model    string                       `json:"model"`
	Brian2   string                       `json:"brian2"`
	Target   string                       `json:"target"`
	Duration float64                      `json:"duration"` // seconds
	Spectrum *Spectrum                    `json:"spectrum"`
	Seeds    []map[string]json.RawMessage `json:"seeds"`
}

// ReadReference reads a reference file.
func ReadReference(path string) (*Reference, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Reference
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(r.Seeds) == 0 || r.Duration <= 0 {
		return nil, fmt.Errorf("%s: no seeds or no duration", path)
	}
	return &r, nil
}

// Values returns statistic key of every seed.
func (r *Reference) Values(key string) ([]float64, error) {
	out := make([]float64, len(r.Seeds))
	for k, s := range r.Seeds {
		raw, ok := s[key]
		if !ok {
			return nil, fmt.Errorf("%s: seed record %d has no %q", r.Model, k, key)
		}
		if err := json.Unmarshal(raw, &out[k]); err != nil {
			return nil, fmt.Errorf("%s: %q of seed record %d: %v", r.Model, key, k, err)
		}
	}
	return out, nil
}

// Hists returns the histogram stored under key for every seed.
func (r *Reference) Hists(key string) ([][]float64, error) {
	out := make([][]float64, len(r.Seeds))
	for k, s := range r.Seeds {
		raw, ok := s[key]
		if !ok {
			return nil, fmt.Errorf("%s: seed record %d has no %q", r.Model, k, key)
		}
		if err := json.Unmarshal(raw, &out[k]); err != nil {
			return nil, fmt.Errorf("%s: %q of seed record %d: %v", r.Model, key, k, err)
		}
	}
	return out, nil
}
