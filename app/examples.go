package app

import (
	"github.com/myelin-sim/myelin/app/ui"
	"github.com/myelin-sim/myelin/core/model"
	"github.com/myelin-sim/myelin/examples"
)

// Examples lists the embedded example models with the name and
// description of their [model] tables, in file order.
func Examples() []ui.Example {
	var out []ui.Example
	for _, n := range examples.Names() {
		e := ui.Example{File: n, Name: n}
		if src, err := examples.Read(n); err == nil {
			if f, err := model.Load(n, src); err == nil {
				if f.Model.Name.Text != "" {
					e.Name = f.Model.Name.Text
				}
				e.Description = f.Model.Description.Text
			}
		}
		out = append(out, e)
	}
	return out
}

// ReadExample returns the text of an embedded example.
func ReadExample(file string) ([]byte, error) { return examples.Read(file) }
