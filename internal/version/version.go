// Package version holds myelin's version, shared by the command line, the
// desktop app and the WebAssembly build.
package version

// Version is myelin's release version.
const Version = "0.1.0-dev"
