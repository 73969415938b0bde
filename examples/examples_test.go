package examples

import (
	"testing"

	"github.com/myelin-sim/myelin/core/model"
)

// TestExamples loads, builds and runs every example for a few steps, so
// the shipped models cannot rot.
func TestExamples(t *testing.T) {
	names := Names()
	if len(names) == 0 {
		t.Fatal("no examples")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			src, err := Read(name)
			if err != nil {
				t.Fatal(err)
			}
			f, err := model.Load(name, src)
			if err != nil {
				t.Fatal(err)
			}
			if !f.Model.Description.IsSet() {
				t.Errorf("%s has no description for the gallery", name)
			}
			b, err := model.Build(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := b.Run(100 * b.Net.DT); err != nil {
				t.Fatal(err)
			}
		})
	}
}
