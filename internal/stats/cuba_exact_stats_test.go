package stats

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/model"
	"github.com/myelin-sim/myelin/examples"
)

// cubaExact is testdata/brian2/stats/cuba_exact.json.gz, written by
// scripts/brian2/stats/cuba_exact.py: Brian2's random draws for CUBA (seed
// 1) and the spikes they lead to.
type cubaExact struct {
	CeCounts  []int     `json:"ce_counts"`
	CeDJ      []int     `json:"ce_dj"`
	CiCounts  []int     `json:"ci_counts"`
	CiDJ      []int     `json:"ci_dj"`
	V0        []float64 `json:"v0"`
	SpikeI    []int32   `json:"spike_i"`
	SpikeStep []int64   `json:"spike_step"`
}

// connectArrays is a [[synapses.connect]] table with Brian2's synapses:
// counts per source and targets as differences within each source.
func connectArrays(counts, dj []int) (string, error) {
	var is, js strings.Builder
	k := 0
	for src, c := range counts {
		j := 0
		for n := 0; n < c; n++ {
			if k >= len(dj) {
				return "", fmt.Errorf("cuba_exact: fewer targets than the counts say")
			}
			if n == 0 {
				j = dj[k]
			} else {
				j += dj[k]
			}
			if k > 0 {
				is.WriteByte(',')
				js.WriteByte(',')
			}
			fmt.Fprint(&is, src)
			fmt.Fprint(&js, j)
			k++
		}
	}
	if k != len(dj) {
		return "", fmt.Errorf("cuba_exact: %d targets, the counts say %d", len(dj), k)
	}
	return "[[synapses.connect]]\ni = [" + is.String() + "]\nj = [" + js.String() + "]", nil
}

// TestCUBAExact loads Brian2's connectivity and initial potentials into
// examples/cuba.toml (its two `p = 0.02` connect tables become explicit i
// and j arrays, everything else stays) and expects Brian2's spikes of the
// first 200 ms, index for index and step for step. The statistics tests say
// that myelin draws its random networks as Brian2 does; this one says that,
// from the same draws, the network evolves exactly as Brian2's.
func TestCUBAExact(t *testing.T) {
	fh, err := os.Open(filepath.Join(refDir(t), "cuba_exact.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	zr, err := gzip.NewReader(fh)
	if err != nil {
		t.Fatal(err)
	}
	var d cubaExact
	if err := json.NewDecoder(zr).Decode(&d); err != nil {
		t.Fatal(err)
	}
	src, err := examples.Read("cuba.toml")
	if err != nil {
		t.Fatal(err)
	}
	const random = "[[synapses.connect]]\np = 0.02"
	parts := strings.Split(string(src), random)
	if len(parts) != 3 {
		t.Fatalf("examples/cuba.toml should have two %q tables (Ce's, then Ci's), has %d", random, len(parts)-1)
	}
	ce, err := connectArrays(d.CeCounts, d.CeDJ)
	if err != nil {
		t.Fatal(err)
	}
	ci, err := connectArrays(d.CiCounts, d.CiDJ)
	if err != nil {
		t.Fatal(err)
	}
	f, err := model.Load("cuba_exact.toml", []byte(parts[0]+ce+parts[1]+ci+parts[2]))
	if err != nil {
		t.Fatal(err)
	}
	b, err := model.Build(f)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range d.V0 {
		if err := b.Groups["P"].SetValue("v", k, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.Run(0.2); err != nil {
		t.Fatal(err)
	}
	i, tt := spikeMonitor(t, b, "spikes")
	n := min(len(i), len(d.SpikeI))
	for k := 0; k < n; k++ {
		step := int64(math.Round(tt[k] / b.Net.DT))
		if i[k] != d.SpikeI[k] || step != d.SpikeStep[k] {
			t.Fatalf("spike %d: myelin has neuron %d at step %d, Brian2 neuron %d at step %d", k, i[k], step, d.SpikeI[k], d.SpikeStep[k])
		}
	}
	if len(i) != len(d.SpikeI) {
		t.Fatalf("myelin: %d spikes, Brian2: %d (the first %d agree)", len(i), len(d.SpikeI), n)
	}
	if len(i) < 1000 {
		t.Fatalf("only %d spikes: not the CUBA network", len(i))
	}
	t.Logf("all %d spikes of 200 ms are Brian2's", len(i))
}
