//go:build !unix

package main

import (
	"errors"
	"io"
)

// runSuite needs child processes and getrusage: only the -child mode
// works here (under WebAssembly, the suite runs this program as a child).
func runSuite(out, log io.Writer, o options) error {
	return errors.New("the suite runs on Unix only; use -child CASE here")
}
