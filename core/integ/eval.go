package integ

import (
	"math"

	"github.com/myelin-sim/myelin/core/expr"
)

// evalConst computes the value of an expression whose names are all known
// when the model is built (see Env.Value). It reports false if a name is
// not known or a function is not one of the pure built-ins.
func evalConst(x expr.Expr, env Env) (float64, bool) {
	switch x := x.(type) {
	case *expr.Num:
		return x.Value, true
	case *expr.Name:
		return env.value(x.Name)
	case *expr.Paren:
		return evalConst(x.X, env)
	case *expr.Unary:
		v, ok := evalConst(x.X, env)
		if !ok {
			return 0, false
		}
		switch x.Op {
		case expr.OpNeg:
			return -v, true
		case expr.OpPos:
			return v, true
		case expr.OpNot:
			if v == 0 {
				return 1, true
			}
			return 0, true
		}
	case *expr.Binary:
		l, ok := evalConst(x.X, env)
		if !ok {
			return 0, false
		}
		r, ok := evalConst(x.Y, env)
		if !ok {
			return 0, false
		}
		return expr.FoldBinary(x.Op, l, r), true
	case *expr.Call:
		f, ok := pureFuncs[x.Fun.Name]
		if !ok || len(x.Args) != f.nargs {
			return 0, false
		}
		args := make([]float64, len(x.Args))
		for i, a := range x.Args {
			if args[i], ok = evalConst(a, env); !ok {
				return 0, false
			}
		}
		return f.fn(args), true
	}
	return 0, false
}

type pureFunc struct {
	nargs int
	fn    func([]float64) float64
}

func unaryFunc(f func(float64) float64) pureFunc {
	return pureFunc{1, func(a []float64) float64 { return f(a[0]) }}
}

// pureFuncs are the built-in functions of the code-string language that
// always give the same result, with the implementations that fold
// constants elsewhere in myelin (expr.Funcs).
var pureFuncs = map[string]pureFunc{
	"exp":    unaryFunc(expr.Funcs.Exp),
	"log":    unaryFunc(expr.Funcs.Log),
	"log10":  unaryFunc(expr.Funcs.Log10),
	"expm1":  unaryFunc(expr.Funcs.Expm1),
	"log1p":  unaryFunc(expr.Funcs.Log1p),
	"exprel": unaryFunc(expr.Funcs.Exprel),
	"sin":    unaryFunc(expr.Funcs.Sin),
	"cos":    unaryFunc(expr.Funcs.Cos),
	"tan":    unaryFunc(expr.Funcs.Tan),
	"sinh":   unaryFunc(expr.Funcs.Sinh),
	"cosh":   unaryFunc(expr.Funcs.Cosh),
	"tanh":   unaryFunc(expr.Funcs.Tanh),
	"arcsin": unaryFunc(expr.Funcs.Asin),
	"arccos": unaryFunc(expr.Funcs.Acos),
	"arctan": unaryFunc(expr.Funcs.Atan),
	"sqrt":   unaryFunc(math.Sqrt),
	"abs":    unaryFunc(math.Abs),
	"floor":  unaryFunc(math.Floor),
	"ceil":   unaryFunc(math.Ceil),
	"sign":   unaryFunc(expr.Sign),
	"int":    unaryFunc(math.Trunc),
	"clip":   {3, func(a []float64) float64 { return expr.Clip(a[0], a[1], a[2]) }},
}
