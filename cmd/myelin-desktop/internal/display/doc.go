// Package display stops myelin-desktop with one line of error, rather than
// Ebiten's panic and stack trace, when there is no X display to open (on
// the systems where Ebiten uses X11; elsewhere it does nothing).
//
// Ebiten initialises its windowing library in a package init function,
// before main runs, and panics when that fails. This package does its check
// in its own init, which Go runs first: it imports nothing but os, so it is
// ready to initialise long before Ebiten's internal/ui package (whose own
// imports must all be initialised first), and Go initialises ready packages
// in the order of their import paths. The command's TestNoDisplay checks
// that this order holds for the binary as built.
package display
