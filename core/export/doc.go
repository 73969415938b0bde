// Package export writes myelin models as standalone Brian2 scripts: the
// bridge for a model that outgrows the browser to Brian2's C++, GPU and
// GeNN back-ends (myelin export brian2 MODEL.toml).
//
// [Brian2] writes one readable Python script (PEP 8) for a loaded
// [model.File]. It builds the same model with Brian2's own API, runs it and
// writes the same results JSON as myelin run: the same keys, monitors,
// shapes, SI numbers and unit symbols. The script's header says where it
// comes from and how to run it:
//
//	python3 MODEL.py results.json [DEVICE [TARGET]]
//
// where DEVICE is runtime (the default), cpp_standalone, cuda_standalone
// (Brian2CUDA) or genn (Brian2GeNN), and TARGET the code generation target
// of the runtime device (numpy or cython; also the environment variable
// MYELIN_BRIAN2_TARGET). Every piece of simulation code in the script is
// one of Brian2's strings of code, never a Python loop, so that the
// standalone devices run it as well; runs are built at the end, so a
// [[schedule]] of several runs works there too.
//
// # The mapping
//
// Every table maps to the Brian2 call of the same name:
//
//   - [run] dt and seed: defaultclock.dt = ..., seed(N) (seed(1), myelin's
//     default, when the model gives none); duration: one run.
//   - [constants]: Python variables with units, in file order, which the
//     strings of code see through Brian2's implicit namespace. A constant
//     whose expression Python cannot evaluate (a function such as
//     timestep that Python lacks) is written as its value in SI units.
//   - [[timed_array]]: TimedArray(values*unit, dt=...), a numpy array for
//     2-D values.
//   - [[neurons]]: NeuronGroup(N, model, threshold=, reset=, refractory=,
//     method=, events=, name=); [neurons.linked] as linked_var(); init as
//     G.v = 'code' (a Python quantity where the value holds only numbers and
//     units); run_regularly() and run_on_event().
//   - [[poisson]]: PoissonGroup; [[spikegen]]: SpikeGeneratorGroup(N,
//     indices, times*unit, period=); [[poisson_input]]: PoissonInput.
//   - [[synapses]]: Synapses(source, target, model, on_pre (a dict for
//     several pathways), on_post, delay, method), one connect() per
//     [[synapses.connect]], then S.var = 'code'. Slices keep their
//     constants: "P[:Ne]" becomes P[:int(Ne)].
//   - [[spatial]]: a Morphology built with Soma, Cylinder and Section
//     (morphology.dend.sub = Cylinder(...)), or Morphology.from_file, then
//     SpatialNeuron. A [[spatial.set]] with a section assigns to that
//     section's own compartments (neuron.dend.main, not the subtree that
//     neuron.dend is in Brian2), index counts within it
//     (neuron.dend.main[3]), where becomes a string index
//     (neuron.gL['distance > 100*um'] = ...).
//   - [[monitors]]: SpikeMonitor, StateMonitor, PopulationRateMonitor,
//     EventMonitor; the results name the source group, as myelin's do.
//   - [[schedule]]: runs and assignments in order. Setting a constant sets
//     the Python variable and recomputes the constants that depend on it;
//     a refractory period that uses such a constant stays a string
//     (refractory='tref'), which Brian2 evaluates at every run, as myelin
//     does.
//   - [[plots]] and [[controls]]: not exported (a comment says so).
//
// Model names become Python variables. A group, synapses or monitor whose
// name Python, Brian2's code strings or the script use already (exp, ms,
// print, net ...) gets a variable with an underscore (exp_) and keeps its
// name for Brian2. A constant keeps its name, since code refers to it: one
// that hides a name of Brian2's API makes the script write brian2.NAME,
// one that hides a module makes the script import it under another name,
// and a Python keyword or a built-in that the script calls is an error.
//
// # Where Brian2 and myelin differ
//
// Brian2 draws other random numbers than myelin from the same seed: the
// results agree statistically, not spike for spike; deterministic models
// agree to the time step. The tests run every example of examples/ both
// ways and compare them (examples_test.go). Brian2 cannot take a slice of a
// SpikeGeneratorGroup, so a slice of a [[spikegen]] is refused with a
// message that says how to write the model instead. Brian2 can express
// every other table of the format, with these approximations:
//
//   - a spike or event monitor records every neuron; a record list keeps
//     the spikes of those neurons in the results, while count keeps all;
//   - the dt of a spike, event or rate monitor is ignored, as myelin does;
//   - a state monitor without record records nothing, as in myelin;
//   - a state monitor of a slice of synapses records those synapses by
//     index (Brian2 cannot watch a slice of synapses);
//   - with a standalone device and several runs, wall_seconds is the loop
//     time of the last run only (Brian2 times no more);
//   - --final-state gives the variables the model declares (differential
//     equations and parameters, not subexpressions or linked variables),
//     and v for a SpatialNeuron.
package export
