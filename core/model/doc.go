// Package model owns myelin's model files: TOML files in which every key
// mirrors the Brian2 argument of the same name ([model], [run],
// [constants], [[neurons]], [[poisson]], [[spikegen]], [[timed_array]],
// [[synapses]], [[poisson_input]], [[spatial]], [[monitors]], [[plots]],
// [[controls]], [[schedule]]).
//
// [Load] decodes a file strictly into a [File] of typed tables. Every key
// must be one of the format's (an unknown key is an error that suggests the
// nearest valid one), of the right type, and required keys must be there.
// The constants are evaluated in file order, each with the ones above it
// and the unit names in scope; then every quantity of the file (dt,
// durations, delays, rates, sizes ...) and every integer (N, n, indices,
// given as numbers or as constant expressions such as "Ne + Ni") is
// evaluated and its dimension checked; then the references between tables
// (synapses to groups, monitors to sources, plots to monitors ...) are
// resolved, with suggestions for names that are misspelt.
//
// Code strings (equations, thresholds, resets, initial values) stay strings:
// checking them is the builder's job. What this package gives the builder
// for that is positions: a [String] knows where each byte of its content
// came from in the file, through escapes, line-ending backslashes and the
// trimmed first newline of multi-line strings, so an error at offset k of a
// code string reports the exact line and column ([String.At],
// [String.Errors], [String.Sub]). [File.Pos], [File.KeyPos] and [File.PosIn]
// give the position of any value by its key path. The TOML library gives
// positions only for syntax errors, so this package scans the text itself
// for them.
//
// Every error is one line, FILE:LINE:COL: message ([Error]), and all the
// errors of a file come together in an [ErrorList] sorted by position.
//
// [File.Override] applies the command line's --set NAME=VALUE: a constant
// is replaced and everything that depends on it evaluated again; a group's
// variable is recorded in [File.Overrides] for the builder.
//
// [Build] turns a File into a network of core/sim and [Built.Run] runs its
// [[schedule]]. A schedule that sets a constant between runs changes the
// code that runs after it, as assigning the Python variable between two
// run() calls of a Brian2 script does: the constants it sets (and those
// computed from them) are bound to one-element columns that the kernels
// read at every step, while the others are compiled in as numbers.
//
// Before it allocates anything, Build works out the model's [Estimate]
// from the file alone (group sizes, the synapses each connect call will
// make, the memory of state and recordings) and refuses a model that needs
// more than the memory at hand ([Options.MaxMemory], [AvailableMemory]).
//
// The package never panics, whatever the input: a fuzz test holds it to
// that.
package model
