// Package sim runs networks of point neurons with Brian2's semantics: the
// Network and its schedule, NeuronGroup (state update, threshold, reset,
// refractoriness), and the monitors (SpikeMonitor, StateMonitor,
// PopulationRateMonitor).
//
// # Time and the schedule
//
// Time is an integer step count: t = step*dt, so it never drifts. Every step
// runs the network's objects slot by slot in Brian2's default schedule —
// start, groups, thresholds, synapses, resets, end — and within a slot by
// order and then by name, as Brian2 sorts them. StateMonitors record in
// start (the values before the step's update), state updaters run in groups,
// thresholds and SpikeMonitors in thresholds, resets in resets, and
// PopulationRateMonitors in end.
//
// # Code
//
// Every code string (equations, threshold, reset, initial values) is parsed
// and unit-checked once when an object is built, integrated by core/integ,
// lowered by core/lower and compiled by core/kernel; the step loop runs
// compiled kernels over whole groups and allocates nothing.
//
// # Randomness
//
// One seeded generator per Network (math/rand/v2 PCG) serves every random
// number, drawn in a fixed order, so a seed reproduces a run exactly,
// natively and in WebAssembly.
package sim
