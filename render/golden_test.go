package render

import "flag"

// update rewrites the golden files: render's font table here, and the
// golden recordings and images of golden_ext_test.go (an external test
// package in the same test binary, which reads this flag).
var update = flag.Bool("update", false, "rewrite golden files")
