package stats_test

import (
	"fmt"

	"github.com/myelin-sim/myelin/internal/stats"
)

// Three neurons recorded for one second: neuron 0 fires regularly (ISIs of
// 0.2 s: CV 0), neuron 1 irregularly (ISIs of 0.05 and 0.4 s: standard
// deviation 0.175 over mean 0.225, CV 0.778), neuron 2 never. 7 spikes over
// 3 neuron-seconds.
func ExampleSpikes() {
	i := []int32{0, 1, 0, 1, 0, 1, 0}
	t := []float64{0.1, 0.15, 0.3, 0.2, 0.5, 0.6, 0.7}
	s := stats.Spikes(i, t, 3, 1.0)
	fmt.Printf("rate %.3g Hz, CV %.3g over %d neurons, silent %.3g\n", s.Rate, s.CV, s.CVNeurons, s.Silent)
	// Output: rate 2.33 Hz, CV 0.389 over 2 neurons, silent 0.333
}

// Myelin's values of a statistic over its seeds against Brian2's: the mean
// must lie in Brian2's range [5.5, 6.2] widened by the standard error of the
// difference of the means, √(0.305²/5 + 0.152²/5) = 0.152. Here it falls
// just short.
func ExampleCompare() {
	brian2 := []float64{5.6, 5.5, 6.2, 5.5, 5.9}
	myelin := []float64{5.4, 5.3, 5.5, 5.4, 5.1}
	v := stats.Compare(brian2, myelin)
	fmt.Printf("accepted [%.2f, %.2f], myelin %.2f, ok %v\n", v.Lo, v.Hi, v.Got.Mean, v.OK)
	// Output: accepted [5.35, 6.35], myelin 5.34, ok false
}
