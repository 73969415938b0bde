//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/myelin-sim/myelin/internal/version"
	"github.com/myelin-sim/myelin/units"
)

// main registers the core's functions on globalThis.__myelin, which
// site/myelin.js wraps into the documented window.myelin API, then blocks
// so that the functions stay callable.
func main() {
	api := js.Global().Get("Object").New()
	api.Set("version", version.Version)
	export(api, "parseQuantity", func(args []js.Value) any { return parseQuantity(js.Undefined(), args) })
	registerAPI(api)
	js.Global().Set("__myelin", api)
	if cb := js.Global().Get("__myelinReady"); cb.Type() == js.TypeFunction {
		cb.Invoke()
	}
	select {}
}

// parseQuantity(text) returns {value, unit, text} for a quantity string, or
// {message, col} for a bad one.
func parseQuantity(_ js.Value, args []js.Value) any {
	if len(args) != 1 || args[0].Type() != js.TypeString {
		return map[string]any{"message": "parseQuantity takes one string", "col": 0}
	}
	q, err := units.Parse(args[0].String())
	if err != nil {
		pe, _ := err.(*units.ParseError)
		col := 0
		if pe != nil {
			col = pe.Offset + 1
		}
		return map[string]any{"message": err.Error(), "col": col}
	}
	return map[string]any{"value": q.Value, "unit": q.Dim.String(), "text": q.String()}
}
