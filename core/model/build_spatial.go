package model

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/morph"
	"github.com/myelin-sim/myelin/core/sim"
)

// spatial builds a [[spatial]] table: its morphology, the SpatialNeuron,
// its initial values and its [[spatial.set]] assignments. The neuron's
// compartments are a group of b.Groups, so monitors, schedules and --set
// see it like any other.
func (b *Built) spatial(s *Spatial) ErrorList {
	root, secs, errs := b.morphology(s)
	if len(errs) > 0 {
		return errs
	}
	spec := sim.SpatialNeuronSpec{
		Name:       s.Name.Text,
		Morphology: root,
		Model:      s.Model.Text,
		Method:     s.Method.Text,
		Threshold:  s.Threshold.Text,
		Reset:      s.Reset.Text,
		Refractory: s.Refractory.Src.Text,
		Externals:  b.externals,
	}
	if s.Cm.IsSet() {
		spec.Cm = s.Cm.Value.Value
	}
	if s.Ri.IsSet() {
		spec.Ri = s.Ri.Value.Value
	}
	sn, err := b.Net.NewSpatialNeuron(spec)
	if err != nil {
		var ce *sim.CodeError
		if errors.As(err, &ce) {
			switch ce.Field {
			case "model", "method":
				if ce.Field == "method" && s.Method.IsSet() {
					return ErrorList{Errorf(s.Method.Pos, "%v", ce.Err)}
				}
				return codeErrors(s.Model, ce.Err)
			case "threshold":
				return codeErrors(s.Threshold, ce.Err)
			case "reset":
				return codeErrors(s.Reset, ce.Err)
			case "refractory":
				return codeErrors(s.Refractory.Src, ce.Err)
			}
		}
		return ErrorList{Errorf(s.Pos, "%s", oneLine(err.Error()))}
	}
	b.Groups[s.Name.Text] = sn.NeuronGroup
	for _, e := range s.Init {
		if err := sn.Set(e.Name, e.Value.Text); err != nil {
			var list expr.ErrorList
			if errors.As(err, &list) {
				errs = append(errs, e.Value.Errors(err)...)
			} else {
				errs = append(errs, Errorf(e.KeyPos, "%s", oneLine(err.Error())))
			}
		}
	}
	for _, op := range s.Set {
		errs = append(errs, spatialSet(sn, secs, op)...)
	}
	for _, o := range b.File.Overrides {
		if o.Group == s.Name.Text {
			if err := b.apply(o); err != nil {
				errs = append(errs, Errorf(o.Value.Pos, "--set %s=%s: %s", o.Key, o.Value.Text, plainMsg(err)))
			}
		}
	}
	return errs
}

// spatialSet performs one [[spatial.set]] assignment.
func spatialSet(sn *sim.SpatialNeuron, secs map[string]*morph.Section, op *SetOp) ErrorList {
	var indices []int
	lo, hi := 0, sn.NeuronGroup.N
	if op.Section.IsSet() {
		sec, ok := secs[op.Section.Text]
		if !ok && sn.Morphology != nil {
			var err error
			if sec, err = sn.Morphology.Get(op.Section.Text); err != nil {
				return ErrorList{Errorf(op.Section.Pos, "%s", oneLine(err.Error()))}
			}
		}
		if sec == nil {
			return ErrorList{Errorf(op.Section.Pos, "unknown section '%s'", op.Section.Text)}
		}
		lo = sec.StartIndex()
		hi = lo + sec.N()
	}
	if op.Index.IsSet() {
		k := lo + op.Index.Value
		if op.Index.Value < 0 || k >= hi {
			return ErrorList{Errorf(op.Index.Src.Pos, "index %d is out of range: there are %d compartments", op.Index.Value, hi-lo)}
		}
		indices = []int{k}
	} else if op.Section.IsSet() {
		for k := lo; k < hi; k++ {
			indices = append(indices, k)
		}
	}
	if err := sn.SetAt(op.Var.Text, op.Value.Text, indices, op.Where.Text); err != nil {
		var ce *sim.CodeError
		if errors.As(err, &ce) && ce.Field == "where" {
			return codeErrors(op.Where, ce.Err)
		}
		var list expr.ErrorList
		if errors.As(err, &list) {
			return op.Value.Errors(err)
		}
		return ErrorList{Errorf(op.Var.Pos, "%s", oneLine(err.Error()))}
	}
	return nil
}

// morphology builds the tree of a [[spatial]] table from its SWC file
// (relative to the model file's directory) or its sections, and returns the
// sections by name.
func (b *Built) morphology(s *Spatial) (*morph.Section, map[string]*morph.Section, ErrorList) {
	secs := map[string]*morph.Section{}
	if s.SWC.IsSet() {
		path := s.SWC.Text
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(b.File.Name), path)
		}
		root, err := morph.LoadSWC(path, morph.SWCOptions{})
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return nil, nil, ErrorList{Errorf(s.SWC.Pos, "cannot read the SWC file %s (%s): %v; the path is relative to the model file", s.SWC.Text, path, pe.Err)}
			}
			return nil, nil, ErrorList{Errorf(s.SWC.Pos, "%s", oneLine(err.Error()))}
		}
		return root, secs, nil
	}
	if len(s.Sections) == 0 {
		return nil, nil, ErrorList{Errorf(s.Pos, "%s needs a morphology: swc = \"file.swc\", or [[spatial.sections]]", s.Name.Text)}
	}
	var root *morph.Section
	var errs ErrorList
	for k, sec := range s.Sections {
		m, err := section(sec)
		if err != nil {
			errs = append(errs, Errorf(sec.Pos, "section '%s': %s", sec.Name.Text, oneLine(err.Error())))
			continue
		}
		if k == 0 {
			root = m
		} else {
			parent, ok := secs[sec.Parent.Text]
			if !ok {
				errs = append(errs, Errorf(sec.Parent.Pos, "unknown section '%s'", sec.Parent.Text))
				continue
			}
			if err := parent.Add(sec.Name.Text, m); err != nil {
				errs = append(errs, Errorf(sec.Pos, "section '%s': %s", sec.Name.Text, oneLine(err.Error())))
				continue
			}
		}
		secs[sec.Name.Text] = m
	}
	return root, secs, errs
}

func lengthValues(l Lengths) []float64 {
	out := make([]float64, len(l.Values))
	for k, q := range l.Values {
		out[k] = q.Value.Value
	}
	return out
}

// section builds one [[spatial.sections]] table like Brian2's Soma,
// Cylinder or Section.
func section(sec *Section) (*morph.Section, error) {
	n := 1
	if sec.N.IsSet() {
		n = sec.N.Value
	}
	d := lengthValues(sec.Diameter)
	coords := sec.X.IsSet() || sec.Y.IsSet() || sec.Z.IsSet()
	var x, y, z []float64
	if coords {
		x, y, z = lengthValues(sec.X), lengthValues(sec.Y), lengthValues(sec.Z)
	}
	points := func(want int) ([]morph.Point, error) {
		pts := make([]morph.Point, want)
		for _, c := range []struct {
			v   []float64
			set func(*morph.Point, float64)
		}{{x, func(p *morph.Point, v float64) { p.X = v }}, {y, func(p *morph.Point, v float64) { p.Y = v }}, {z, func(p *morph.Point, v float64) { p.Z = v }}} {
			switch len(c.v) {
			case 0: // an unset coordinate is 0
			case want:
				for k := range pts {
					c.set(&pts[k], c.v[k])
				}
			default:
				return nil, fmt.Errorf("the coordinates x, y, z need %d values each", want)
			}
		}
		return pts, nil
	}
	if len(d) == 0 {
		return nil, fmt.Errorf("it has no diameter")
	}
	switch sec.Type.Text {
	case "soma":
		if coords {
			p, err := points(1)
			if err != nil {
				return nil, err
			}
			return morph.NewSomaAt(d[0], p[0])
		}
		return morph.NewSoma(d[0])
	case "cylinder":
		if coords {
			p, err := points(2)
			if err != nil {
				return nil, err
			}
			return morph.NewCylinderBetween(n, d[0], p[0], p[1])
		}
		l := lengthValues(sec.Length)
		if len(l) != 1 {
			return nil, fmt.Errorf("a cylinder needs one length")
		}
		return morph.NewCylinder(n, l[0], d[0])
	case "section":
		if coords {
			p, err := points(n + 1)
			if err != nil {
				return nil, err
			}
			return morph.NewSectionPoints(d, p)
		}
		return morph.NewSection(d, lengthValues(sec.Length))
	}
	return nil, fmt.Errorf("unknown section type '%s'", sec.Type.Text)
}
