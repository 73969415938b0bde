package model

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/kernel"
	"github.com/myelin-sim/myelin/units"
)

// A [[schedule]] step may set a constant between runs, as a Brian2 script
// assigns a Python variable between two run() calls: the code that runs
// after the step (equations, thresholds, resets, on_pre, run_regularly ...)
// sees the new value, while what was computed before it (group sizes,
// synapses connected, initial values, a synaptic delay given as a
// constant) stays as it was. As with --set, the constants computed from the
// one set follow it (Brian2's exported script recomputes them too).
//
// Constants are otherwise compiled into the kernels as numbers. The ones a
// schedule changes, and those computed from them, are "live": the builder
// binds them to a one-element read-only column that code reads at every
// step, and a schedule step writes the column.

// ScheduledConstants returns the names of the constants that a
// [[schedule]] step sets, and of those whose expressions use them (directly
// or through others): the constants whose values change between runs.
func (f *File) ScheduledConstants() map[string]bool {
	live := map[string]bool{}
	for _, st := range f.Schedule {
		for _, s := range st.Set {
			if s.Group == "" {
				live[s.Var] = true
			}
		}
	}
	if len(live) == 0 {
		return nil
	}
	for _, c := range f.Constants {
		if live[c.Name] {
			continue
		}
		if x, err := expr.ParseExpr(c.Src.Text); err == nil {
			for _, n := range expr.Names(x) {
				if live[n] {
					live[c.Name] = true
					break
				}
			}
		}
	}
	return live
}

// liveConstants returns a column for every constant of
// [File.ScheduledConstants], of extra (the constants a front end changes
// during runs, [Options.Live]) and of those computed from them, with its
// value at the start. Names in extra that are not constants are ignored.
func liveConstants(f *File, extra []string) map[string]*kernel.Column {
	names := f.ScheduledConstants()
	if len(extra) > 0 {
		if names == nil {
			names = map[string]bool{}
		}
		for _, n := range extra {
			if _, ok := f.Constant(n); ok {
				names[n] = true
			}
		}
		// The constants computed from those of extra follow them.
		for _, c := range f.Constants {
			if names[c.Name] {
				continue
			}
			if x, err := expr.ParseExpr(c.Src.Text); err == nil {
				for _, n := range expr.Names(x) {
					if names[n] {
						names[c.Name] = true
						break
					}
				}
			}
		}
	}
	if len(names) == 0 {
		return nil
	}
	live := map[string]*kernel.Column{}
	for _, c := range f.Constants {
		if names[c.Name] {
			live[c.Name] = &kernel.Column{Name: c.Name, Data: []float64{c.Value.Value}, Scalar: true}
		}
	}
	return live
}

// IsLive reports whether the constant name is bound to a live column in
// b: a [[schedule]] sets it, or the build was asked for it
// ([Options.Live]), or it is computed from one of those.
func (b *Built) IsLive(name string) bool { return b.live[name] != nil }

// ConstantValue returns the value of a constant now, in SI units: for a
// live one, the value the run has given it so far.
func (b *Built) ConstantValue(name string) (float64, bool) {
	if col := b.live[name]; col != nil {
		return col.Data[0], true
	}
	c, ok := b.File.Constant(name)
	if !ok {
		return 0, false
	}
	return c.Value.Value, true
}

// SetConstant changes a live constant now, between two time steps, as a
// [[schedule]] step's set does: value is a constant expression of the
// constant's dimension, evaluated with the current values of the
// constants ([Built.EvalConstant]), and the constants computed from it
// follow. The code that runs from the next step on sees the new value;
// nothing is rebuilt. b is unchanged on any error.
func (b *Built) SetConstant(name, value string) error {
	if _, err := b.EvalConstant(name, value); err != nil {
		return err
	}
	if b.live[name] == nil {
		return fmt.Errorf("the constant %s is compiled into the model: changing it needs a rebuild", name)
	}
	return b.setConstant(Setting{Key: name, Var: name, Index: -1, Value: String{Text: value}})
}

// EvalConstant evaluates value as a new value of the constant name: a
// constant expression of its dimension, with the current values of the
// constants (those the run has given live ones). Errors in value's code
// are expr errors, with offsets in value.
func (b *Built) EvalConstant(name, value string) (float64, error) {
	c, ok := b.File.Constant(name)
	if !ok {
		return 0, fmt.Errorf("unknown constant '%s'", name)
	}
	x, err := expr.ParseExpr(value)
	if err != nil {
		return 0, err
	}
	ck, err := expr.Check(x, b.namespace())
	if err != nil {
		return 0, err
	}
	in := ck.Info()
	if !in.Const {
		return 0, fmt.Errorf("the new value of the constant %s must be a constant expression, but %q is not", name, value)
	}
	if in.Dim != c.Value.Dim {
		return 0, fmt.Errorf("%s is %s in the model, but %q is %s", name, inUnit(c.Value.Dim), value, inUnit(in.Dim))
	}
	if (c.Kind == expr.Boolean) != (in.Kind == expr.Boolean) {
		return 0, fmt.Errorf("%s is %s in the model, but %q is %s: a boolean constant takes true or false, a number a number", name, c.Kind, value, in.Kind)
	}
	return in.Value, nil
}

// namespace resolves the constants with their current values (those a
// schedule has set so far) and the timed arrays, for values that a
// schedule step evaluates.
func (b *Built) namespace() expr.Namespace {
	ns := b.File.Namespace()
	return func(name string) (expr.Symbol, bool) {
		s, ok := ns(name)
		if col := b.live[name]; ok && col != nil && s.Const {
			s.Value = col.Data[0]
		}
		return s, ok
	}
}

// Namespace is [File.Namespace] with the constants' values now: those
// that the run has given live constants (a [[schedule]] set,
// [Built.SetConstant]). Values evaluated during a run (a schedule's set of
// a group variable) use it.
func (b *Built) Namespace() expr.Namespace { return b.namespace() }

// setConstant performs a [[schedule]] step's assignment to a constant: the
// value, a constant expression of the same dimension evaluated with the
// current values, then every constant computed from it, in file order.
func (b *Built) setConstant(s Setting) error {
	c, ok := b.File.Constant(s.Var)
	col := b.live[s.Var]
	if !ok || col == nil {
		return Errorf(s.KeyPos, "unknown constant '%s'", s.Var)
	}
	v, err := b.constValue(s.Value, c)
	if err != nil {
		return err
	}
	col.Data[0] = v
	changed := map[string]bool{c.Name: true}
	for _, d := range b.File.Constants {
		if changed[d.Name] || b.live[d.Name] == nil {
			continue
		}
		x, err := expr.ParseExpr(d.Src.Text)
		if err != nil {
			continue
		}
		for _, n := range expr.Names(x) {
			if changed[n] {
				v, err := b.constValue(d.Src, d)
				if err != nil {
					return err
				}
				b.live[d.Name].Data[0] = v
				changed[d.Name] = true
				break
			}
		}
	}
	return b.followRates(changed)
}

// followRates gives the PoissonGroups whose constant rates use one of the
// constants changed, and hold them as values (the constants are live for a
// front end only, [Built.scheduledLive]), their values now: a front end's
// change of a rate then does what a [[schedule]] set of it does, whose
// groups compute the rates from the live column at every step (the same
// number, so the same spikes; a negative rate, which the code accepts and
// never fires, too).
func (b *Built) followRates(changed map[string]bool) error {
	var sched map[string]*kernel.Column
	for _, p := range b.File.Poisson {
		if !p.Rates.Const || !usesLive(p.Rates.Src.Text, b.live) {
			continue
		}
		x, err := expr.ParseExpr(p.Rates.Src.Text)
		if err != nil {
			continue
		}
		uses := false
		for _, n := range expr.Names(x) {
			uses = uses || changed[n]
		}
		if !uses {
			continue
		}
		if sched == nil {
			sched = b.scheduledLive()
		}
		if usesLive(p.Rates.Src.Text, sched) {
			continue // computed from the live columns at every step
		}
		g := b.Groups[p.Name.Text]
		ck, err := expr.Check(x, b.namespace())
		if g == nil || err != nil || !ck.Info().Const {
			continue
		}
		if err := g.SetValue("rates", -1, ck.Info().Value); err != nil {
			return err
		}
	}
	return nil
}

// FollowConstant makes what the builder set from the live constant name
// once (a PoissonGroup's constant rates) follow its value now, with the
// constants computed from it. After [Built.AdoptState], which takes the
// groups' variables from the old network, a front end calls it for the
// constant it changed.
func (b *Built) FollowConstant(name string) error {
	if b.live[name] == nil {
		return nil
	}
	changed := map[string]bool{name: true}
	for _, d := range b.File.Constants {
		if changed[d.Name] || b.live[d.Name] == nil {
			continue
		}
		if x, err := expr.ParseExpr(d.Src.Text); err == nil {
			for _, n := range expr.Names(x) {
				if changed[n] {
					changed[d.Name] = true
					break
				}
			}
		}
	}
	return b.followRates(changed)
}

// checkScheduledConstants checks the values that [[schedule]] steps give
// constants before anything runs: each must be a constant expression of
// the constant's dimension.
func (b *Built) checkScheduledConstants() ErrorList {
	var errs ErrorList
	for _, st := range b.File.Schedule {
		for _, s := range st.Set {
			if s.Group != "" {
				continue
			}
			if c, ok := b.File.Constant(s.Var); ok {
				if _, err := b.constValue(s.Value, c); err != nil {
					errs = append(errs, asList(err)...)
				}
			}
		}
	}
	return errs
}

// asList returns err as an ErrorList.
func asList(err error) ErrorList {
	var list ErrorList
	if errors.As(err, &list) {
		return list
	}
	var e *Error
	if errors.As(err, &e) {
		return ErrorList{e}
	}
	return ErrorList{Errorf(Position{}, "%s", oneLine(err.Error()))}
}

// constValue evaluates src as a new value of the constant c.
func (b *Built) constValue(src String, c *Constant) (float64, error) {
	x, err := expr.ParseExpr(src.Text)
	if err != nil {
		return 0, src.Errors(err)
	}
	ck, err := expr.Check(x, b.namespace())
	if err != nil {
		return 0, src.Errors(err)
	}
	in := ck.Info()
	if !in.Const {
		return 0, Errorf(src.Pos, "the new value of the constant %s must be a constant expression, but %s is not", c.Name, quoted(src))
	}
	if in.Dim != c.Value.Dim {
		return 0, Errorf(src.Pos, "%s is %s in the model, but %s is %s", c.Name, inUnit(c.Value.Dim), quoted(src), inUnit(in.Dim))
	}
	return in.Value, nil
}

// frozenDelay returns a delay that uses live constants as its value now,
// since Brian2 evaluates a delay once, when the Synapses are created; other
// code it returns unchanged.
func (b *Built) frozenDelay(code string) string {
	if len(b.live) == 0 || code == "" {
		return code
	}
	x, err := expr.ParseExpr(code)
	if err != nil {
		return code
	}
	uses := false
	for _, n := range expr.Names(x) {
		if b.live[n] != nil {
			uses = true
		}
	}
	if !uses {
		return code
	}
	ck, err := expr.Check(x, b.namespace())
	if err != nil || !ck.Info().Const || ck.Info().Dim != units.DimTime {
		return code
	}
	return fmt.Sprintf("%s*second", strconv.FormatFloat(ck.Info().Value, 'g', -1, 64))
}

// scheduledLive returns the live columns of the constants that
// [[schedule]] steps change (and those computed from them), without those
// live only for a front end ([Options.Live]). A PoissonGroup's constant
// rates are computed from the former at every step
// (TestSchedulePoissonRate); with the latter they stay the group's rates
// variable, as `myelin run` makes it (building a constant live changes
// nothing but where its value is read), and a change of the constant
// writes it ([Built.followRates]), to the same effect.
func (b *Built) scheduledLive() map[string]*kernel.Column {
	sched := b.File.ScheduledConstants()
	if len(sched) == len(b.live) {
		return b.live
	}
	out := map[string]*kernel.Column{}
	for n := range sched {
		if col := b.live[n]; col != nil {
			out[n] = col
		}
	}
	return out
}

// usesLive reports whether code uses a live constant.
func usesLive(code string, live map[string]*kernel.Column) bool {
	if len(live) == 0 {
		return false
	}
	x, err := expr.ParseExpr(code)
	if err != nil {
		return false
	}
	for _, n := range expr.Names(x) {
		if live[n] != nil {
			return true
		}
	}
	return false
}
