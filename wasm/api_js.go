//go:build js && wasm

package main

import (
	"encoding/json"
	"math"
	"strconv"
	"unsafe"

	"syscall/js"

	"github.com/myelin-sim/myelin/internal/session"
)

// The core API on globalThis.__myelin. Every function is synchronous and
// takes plain values: site/myelin.js builds the documented promise-based API
// (window.myelin, docs/javascript-api.md) on top of it. No function ever
// throws into JavaScript: errors come back as {error: {message, line, col,
// errors}}, and a Go panic is recovered into such an error.

var (
	sessions = map[int]*session.Session{}
	nextID   = 1
)

// export registers f as api[name], recovering panics into an error object.
func export(api js.Value, name string, f func(args []js.Value) any) {
	api.Set(name, js.FuncOf(func(_ js.Value, args []js.Value) (result any) {
		defer func() {
			if p := recover(); p != nil {
				err := session.InternalError(p)
				// A session whose call panicked may be half-way through a
				// step: it refuses to run again until it is reset.
				if len(args) > 0 && args[0].Type() == js.TypeNumber {
					if s := sessions[args[0].Int()]; s != nil {
						s.Abort(err)
					}
				}
				result = errorValue(err)
			}
		}()
		return f(args)
	}))
}

// registerAPI adds the model functions to api.
func registerAPI(api js.Value) {
	export(api, "load", jsLoad)
	export(api, "run", jsRun)
	export(api, "advance", jsAdvance)
	export(api, "set", jsSet)
	export(api, "reset", jsReset)
	export(api, "results", jsResults)
	export(api, "resultsJSON", jsResultsJSON)
	export(api, "spikes", jsSpikes)
	export(api, "markSpikes", jsMarkSpikes)
	export(api, "state", jsState)
	export(api, "info", jsInfo)
	export(api, "dispose", jsDispose)
	export(api, "selfTestPanic", jsSelfTestPanic)
}

func errorValue(err error) js.Value {
	me := session.AsError(err)
	o := meValue(*me)
	errs := js.Global().Get("Array").New()
	for _, e := range me.Errors {
		errs.Call("push", meValue(e))
	}
	o.Set("errors", errs)
	res := js.Global().Get("Object").New()
	res.Set("error", o)
	return res
}

func meValue(e session.Error) js.Value {
	o := js.Global().Get("Object").New()
	o.Set("message", e.Message)
	o.Set("line", e.Line)
	o.Set("col", e.Col)
	return o
}

func session1(args []js.Value) (*session.Session, js.Value) {
	if len(args) == 0 || args[0].Type() != js.TypeNumber {
		return nil, errorValue(errorf("no model handle"))
	}
	s := sessions[args[0].Int()]
	if s == nil {
		return nil, errorValue(errorf("this model was disposed of"))
	}
	return s, js.Undefined()
}

type simpleError string

func (e simpleError) Error() string { return string(e) }

func errorf(msg string) error { return simpleError(msg) }

// load(text, name, seed) -> {id} | {error}. seed is a number, a decimal
// string, or null for the file's own.
func jsLoad(args []js.Value) any {
	if len(args) < 1 || args[0].Type() != js.TypeString {
		return errorValue(errorf("load takes the text of a model file"))
	}
	name := ""
	if len(args) > 1 && args[1].Type() == js.TypeString {
		name = args[1].String()
	}
	var seed *uint64
	if len(args) > 2 {
		switch args[2].Type() {
		case js.TypeNumber:
			f := args[2].Float()
			if f < 0 || f != math.Trunc(f) || f > 1<<53 {
				return errorValue(errorf("the seed is a non-negative integer"))
			}
			n := uint64(f)
			seed = &n
		case js.TypeString:
			n, err := strconv.ParseUint(args[2].String(), 10, 64)
			if err != nil {
				return errorValue(errorf("the seed is a non-negative integer"))
			}
			seed = &n
		}
	}
	s, err := session.New(name, []byte(args[0].String()), seed)
	if err != nil {
		return errorValue(err)
	}
	id := nextID
	nextID++
	sessions[id] = s
	return map[string]any{"id": id}
}

// run(id, duration|null) prepares a run -> {total} | {error}.
func jsRun(args []js.Value) any {
	s, bad := session1(args)
	if s == nil {
		return bad
	}
	explicit := len(args) > 1 && args[1].Type() == js.TypeString
	d := 0.0
	if explicit {
		var err error
		if d, err = session.ParseDuration(args[1].String()); err != nil {
			return errorValue(err)
		}
	}
	if err := s.Start(d, explicit); err != nil {
		return errorValue(err)
	}
	return stateValue(s, 0, !s.Pending())
}

// advance(id, maxSteps) -> {t, steps, fraction, done, error?}.
func jsAdvance(args []js.Value) any {
	s, bad := session1(args)
	if s == nil {
		return bad
	}
	max := int64(session.CheckAlign)
	if len(args) > 1 && args[1].Type() == js.TypeNumber && args[1].Float() >= 1 {
		max = int64(min(args[1].Float(), 1<<40))
	}
	frac := s.Fraction()
	ran, finished, err := s.Advance(max)
	if !finished {
		frac = s.Fraction()
	} else if err == nil {
		frac = 1
	}
	st := stateValue(s, ran, finished)
	st.Set("fraction", frac)
	if err != nil {
		st.Set("error", errorValue(err).Get("error"))
	}
	return st
}

func stateValue(s *session.Session, steps int64, done bool) js.Value {
	o := js.Global().Get("Object").New()
	o.Set("t", s.T())
	o.Set("steps", steps)
	o.Set("done", done)
	o.Set("fraction", s.Fraction())
	o.Set("wall", s.Wall().Seconds())
	o.Set("pending", s.Pending())
	return o
}

// state(id) -> {t, steps, done, fraction, wall, pending}.
func jsState(args []js.Value) any {
	s, bad := session1(args)
	if s == nil {
		return bad
	}
	return stateValue(s, 0, !s.Pending())
}

// set(id, name, value) -> {rebuilt, restarted, reason} | {error}: a
// change as session.SetLive makes it. rebuilt is true when the model went
// back to t = 0 (rebuilt from its file with the value, nothing recorded, a
// pending run dropped); restarted is true when that lost a run that had
// begun (a constant that fixes the structure, or a run that had failed),
// with the reason. A constant made live before the first step is rebuilt
// too, but keeps the pending run: rebuilt is false then, as for a change
// during the run.
func jsSet(args []js.Value) any {
	s, bad := session1(args)
	if s == nil {
		return bad
	}
	if len(args) < 3 || args[1].Type() != js.TypeString || args[2].Type() != js.TypeString {
		return errorValue(errorf("set takes a name and a value, as in set('tau', '20*ms')"))
	}
	before := s.Resets()
	restarted, why, err := s.SetLive(args[1].String(), args[2].String())
	if err != nil {
		return errorValue(err)
	}
	rebuilt := restarted || s.Resets() != before
	reason := ""
	if why != nil {
		reason = why.Error()
	}
	return map[string]any{"rebuilt": rebuilt, "restarted": restarted, "reason": reason}
}

// reset(id) -> {} | {error}.
func jsReset(args []js.Value) any {
	s, bad := session1(args)
	if s == nil {
		return bad
	}
	if err := s.Reset(); err != nil {
		return errorValue(err)
	}
	return map[string]any{}
}

// results(id, finalState) -> {json, arrays: [[path, typedArray, nonFinite],
// ...]} | {error}: the results JSON with its numeric arrays left empty, and
// those arrays as Float64Array or Int32Array with the path where each goes
// and whether it holds NaN or infinities (which the JSON writes as null).
func jsResults(args []js.Value) any {
	s, bad := session1(args)
	if s == nil {
		return bad
	}
	text, arrays, err := s.ResultsParts(len(args) > 1 && args[1].Truthy())
	if err != nil {
		return errorValue(err)
	}
	list := js.Global().Get("Array").New()
	for _, a := range arrays {
		path := js.Global().Get("Array").New()
		for _, p := range a.Path {
			path.Call("push", p)
		}
		var typed js.Value
		if a.F64 != nil {
			typed = float64Array(a.F64)
		} else {
			typed = int32Array(a.I32)
		}
		list.Call("push", js.ValueOf([]any{path, typed, a.NonFinite}))
	}
	o := js.Global().Get("Object").New()
	o.Set("json", text)
	o.Set("arrays", list)
	return o
}

// resultsJSON(id, finalState) -> the results as `myelin run` writes them.
func jsResultsJSON(args []js.Value) any {
	s, bad := session1(args)
	if s == nil {
		return bad
	}
	data, err := s.ResultsJSON(len(args) > 1 && args[1].Truthy())
	if err != nil {
		return errorValue(err)
	}
	return string(data)
}

// spikes(id) -> [{monitor, source, i: Int32Array, t: Float64Array}, ...],
// the spikes recorded since the last call.
func jsSpikes(args []js.Value) any {
	s, bad := session1(args)
	if s == nil {
		return bad
	}
	out := js.Global().Get("Array").New()
	for _, b := range s.NewSpikes() {
		o := js.Global().Get("Object").New()
		o.Set("monitor", b.Monitor)
		o.Set("source", b.Source)
		o.Set("i", int32Array(b.I))
		o.Set("t", float64Array(b.T))
		out.Call("push", o)
	}
	return out
}

func float64Array(x []float64) js.Value {
	return typedArray("Float64Array", unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(x))), 8*len(x)), 8)
}

func int32Array(x []int32) js.Value {
	return typedArray("Int32Array", unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(x))), 4*len(x)), 4)
}

// typedArray copies data (little-endian, as WebAssembly and every browser
// store numbers) into a new typed array of the named kind.
func typedArray(kind string, data []byte, size int) js.Value {
	u8 := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(u8, data)
	return js.Global().Get(kind).New(u8.Get("buffer"), 0, len(data)/size)
}

// markSpikes(id): the next spikes() starts from now.
func jsMarkSpikes(args []js.Value) any {
	s, bad := session1(args)
	if s == nil {
		return bad
	}
	s.MarkSpikes()
	return js.Undefined()
}

// info(id) -> the model's description as JSON text.
func jsInfo(args []js.Value) any {
	s, bad := session1(args)
	if s == nil {
		return bad
	}
	data, err := json.Marshal(s.Info())
	if err != nil {
		return errorValue(err)
	}
	return string(data)
}

// dispose(id) forgets a session.
func jsDispose(args []js.Value) any {
	if len(args) > 0 && args[0].Type() == js.TypeNumber {
		delete(sessions, args[0].Int())
	}
	return js.Undefined()
}

// selfTestPanic(id) panics, for the test that no Go panic reaches
// JavaScript: the call returns {error} and the session needs a reset.
func jsSelfTestPanic(args []js.Value) any {
	var m map[string]int
	m["panic"]++
	return nil
}
