package kernel

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// env resolves the names of test code: columns, index arrays, constants and
// TimedArrays; any other name is a temporary.
type env struct {
	cols   map[string]*Column
	idx    map[string]*Index
	consts map[string]float64
	tas    map[string]*TimedArray
}

func newEnv() *env {
	return &env{cols: map[string]*Column{}, idx: map[string]*Index{}, consts: map[string]float64{}, tas: map[string]*TimedArray{}}
}

func (e *env) vec(name string, data []float64) *Column {
	c := &Column{Name: name, Data: data}
	e.cols[name] = c
	return c
}

func (e *env) scalar(name string, v float64) *Column {
	c := &Column{Name: name, Data: []float64{v}, Scalar: true}
	e.cols[name] = c
	return c
}

func (e *env) index(name string, data []int32) *Index {
	x := &Index{Name: name, Data: data}
	e.idx[name] = x
	return x
}

// parse reads statements in Brian2's syntax, separated by newlines or ';'.
// A target col[idx] is a scatter; in expressions col[idx] is a gather.
func (e *env) parse(t testing.TB, src string) []Stmt {
	t.Helper()
	var out []Stmt
	for _, line := range strings.FieldsFunc(src, func(r rune) bool { return r == '\n' || r == ';' }) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s, err := e.stmt(line)
		if err != nil {
			t.Fatalf("parse %q: %v", line, err)
		}
		out = append(out, s)
	}
	return out
}

func (e *env) expr(t testing.TB, src string) *Expr {
	t.Helper()
	p := &parser{env: e, toks: lex(src)}
	x, err := p.parseExpr()
	if err == nil && p.pos < len(p.toks) {
		err = fmt.Errorf("unexpected %q", p.toks[p.pos])
	}
	if err != nil {
		t.Fatalf("parse %q: %v", src, err)
	}
	return x
}

func (e *env) stmt(line string) (Stmt, error) {
	p := &parser{env: e, toks: lex(line)}
	if len(p.toks) < 3 {
		return Stmt{}, fmt.Errorf("not a statement")
	}
	name := p.next()
	var via *Index
	if p.peek() == "[" {
		p.next()
		via = e.idx[p.next()]
		if p.next() != "]" || via == nil {
			return Stmt{}, fmt.Errorf("bad index")
		}
	}
	ops := map[string]AssignOp{"=": Assign, "+=": AddAssign, "-=": SubAssign, "*=": MulAssign, "/=": DivAssign}
	op, ok := ops[p.next()]
	if !ok {
		return Stmt{}, fmt.Errorf("no assignment")
	}
	x, err := p.parseExpr()
	if err != nil {
		return Stmt{}, err
	}
	if p.pos < len(p.toks) {
		return Stmt{}, fmt.Errorf("unexpected %q", p.toks[p.pos])
	}
	if c, ok := e.cols[name]; ok {
		return Stmt{Col: c, Via: via, Op: op, Value: x}, nil
	}
	return Stmt{Temp: name, Op: op, Value: x}, nil
}

func lex(s string) []string {
	var toks []string
	for i := 0; i < len(s); {
		c := rune(s[i])
		switch {
		case unicode.IsSpace(c):
			i++
		case unicode.IsDigit(c) || c == '.':
			j := i
			for j < len(s) && (unicode.IsDigit(rune(s[j])) || s[j] == '.' || s[j] == 'e' ||
				((s[j] == '-' || s[j] == '+') && j > i && s[j-1] == 'e')) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		case unicode.IsLetter(c) || c == '_':
			j := i
			for j < len(s) && (unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j])) || s[j] == '_') {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			two := ""
			if i+1 < len(s) {
				two = s[i : i+2]
			}
			switch two {
			case "**", "//", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=":
				toks = append(toks, two)
				i += 2
			default:
				toks = append(toks, string(c))
				i++
			}
		}
	}
	return toks
}

type parser struct {
	env  *env
	toks []string
	pos  int
}

func (p *parser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *parser) next() string {
	t := p.peek()
	p.pos++
	return t
}

func (p *parser) parseExpr() (*Expr, error) { return p.or() }

func (p *parser) or() (*Expr, error) {
	x, err := p.and()
	for err == nil && p.peek() == "or" {
		p.next()
		var y *Expr
		y, err = p.and()
		x = Bin(OpOr, x, y)
	}
	return x, err
}

func (p *parser) and() (*Expr, error) {
	x, err := p.not()
	for err == nil && p.peek() == "and" {
		p.next()
		var y *Expr
		y, err = p.not()
		x = Bin(OpAnd, x, y)
	}
	return x, err
}

func (p *parser) not() (*Expr, error) {
	if p.peek() == "not" {
		p.next()
		x, err := p.not()
		return Not(x), err
	}
	return p.cmp()
}

func (p *parser) cmp() (*Expr, error) {
	x, err := p.sum()
	ops := map[string]Op{"<": OpLt, "<=": OpLe, ">": OpGt, ">=": OpGe, "==": OpEq, "!=": OpNe}
	if o, ok := ops[p.peek()]; ok && err == nil {
		p.next()
		var y *Expr
		y, err = p.sum()
		x = Bin(o, x, y)
	}
	return x, err
}

func (p *parser) sum() (*Expr, error) {
	x, err := p.term()
	for err == nil && (p.peek() == "+" || p.peek() == "-") {
		o := OpAdd
		if p.next() == "-" {
			o = OpSub
		}
		var y *Expr
		y, err = p.term()
		x = Bin(o, x, y)
	}
	return x, err
}

func (p *parser) term() (*Expr, error) {
	x, err := p.unary()
	ops := map[string]Op{"*": OpMul, "/": OpDiv, "//": OpFloorDiv, "%": OpMod}
	for err == nil {
		o, ok := ops[p.peek()]
		if !ok {
			break
		}
		p.next()
		var y *Expr
		y, err = p.unary()
		x = Bin(o, x, y)
	}
	return x, err
}

func (p *parser) unary() (*Expr, error) {
	switch p.peek() {
	case "-":
		p.next()
		x, err := p.unary()
		return Neg(x), err
	case "+":
		p.next()
		return p.unary()
	}
	return p.power()
}

func (p *parser) power() (*Expr, error) {
	x, err := p.atom()
	if err == nil && p.peek() == "**" {
		p.next()
		var y *Expr
		y, err = p.unary()
		x = Bin(OpPow, x, y)
	}
	return x, err
}

func (p *parser) atom() (*Expr, error) {
	t := p.next()
	switch {
	case t == "":
		return nil, fmt.Errorf("unexpected end")
	case t == "(":
		x, err := p.parseExpr()
		if err == nil && p.next() != ")" {
			err = fmt.Errorf("missing )")
		}
		return x, err
	case unicode.IsDigit(rune(t[0])) || t[0] == '.':
		v, err := strconv.ParseFloat(t, 64)
		return Const(v), err
	}
	if p.peek() == "(" {
		p.next()
		var args []*Expr
		for p.peek() != ")" {
			a, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			args = append(args, a)
			if p.peek() == "," {
				p.next()
			}
		}
		p.next()
		if ta, ok := p.env.tas[t]; ok {
			return Lookup(ta, args...), nil
		}
		f, ok := FuncByName(t)
		if !ok {
			return nil, fmt.Errorf("unknown function %s", t)
		}
		return Call(f, args...), nil
	}
	if t == "i" {
		return Elem(), nil
	}
	if v, ok := p.env.consts[t]; ok {
		return Const(v), nil
	}
	if c, ok := p.env.cols[t]; ok {
		if p.peek() == "[" {
			p.next()
			via := p.env.idx[p.next()]
			if p.next() != "]" || via == nil {
				return nil, fmt.Errorf("bad index")
			}
			return Gather(c, via), nil
		}
		return Var(c), nil
	}
	return Temp(t), nil
}

// ---- the reference ----

// refRun evaluates statements the plain way: scalar statements once, then
// for each block of BlockSize elements, each statement over the block
// before the next, a tree walk per node over the whole block (so random
// calls draw site by site, in evaluation order).
func refRun(stmts []Stmt, elems []int32, rng *rand.Rand) {
	refRunFlush(stmts, elems, rng, true)
}

// refRunFlush is refRun whose element-by-element stores flush subnormal
// numbers only when flushElems is set (unset: a range run that does not
// check, see FlushEvery); scalar stores and scatters always flush.
func refRunFlush(stmts []Stmt, elems []int32, rng *rand.Rand, flushElems bool) {
	// scalar statements first; snapshot the scalar columns seen by each statement
	snaps := make([]map[*Column]float64, len(stmts))
	cur := map[*Column]float64{}
	var collect func(x *Expr)
	collect = func(x *Expr) {
		if x == nil {
			return
		}
		if x.Col != nil && x.Col.Scalar {
			cur[x.Col] = x.Col.Data[0]
		}
		for _, a := range x.Args {
			collect(a)
		}
	}
	for _, st := range stmts {
		collect(st.Value)
		if st.Col != nil && st.Col.Scalar {
			cur[st.Col] = st.Col.Data[0]
		}
	}
	scalarOf := func(c *Column) float64 {
		if v, ok := cur[c]; ok {
			return v
		}
		return c.Data[0]
	}
	for s, st := range stmts {
		snaps[s] = map[*Column]float64{}
		for k, v := range cur {
			snaps[s][k] = v
		}
		if st.Col != nil && st.Col.Scalar {
			r := &refBlock{elems: []int32{0}, rng: rng, scalars: snaps[s], temps: map[string][]float64{}}
			v := r.eval(st.Value)[0]
			if st.Op != Assign {
				v = eval2(opToIop[st.Op.binary()], scalarOf(st.Col), v)
			}
			v = flush(v)
			cur[st.Col] = v
			st.Col.Data[0] = v
		}
	}
	for b := 0; b < len(elems); b += BlockSize {
		blk := elems[b:min(b+BlockSize, len(elems))]
		temps := map[string][]float64{}
		for s, st := range stmts {
			if st.Col != nil && st.Col.Scalar {
				continue
			}
			r := &refBlock{elems: blk, rng: rng, scalars: snaps[s], temps: temps}
			val := r.eval(st.Value)
			switch {
			case st.Col == nil:
				if st.Op != Assign {
					old := temps[st.Temp]
					nv := make([]float64, len(val))
					for j := range val {
						nv[j] = eval2(opToIop[st.Op.binary()], old[j], val[j])
					}
					val = nv
				}
				temps[st.Temp] = val
			case st.Via != nil:
				for j, e := range blk {
					p := st.Via.Data[e]
					v := val[j]
					if st.Op != Assign {
						v = eval2(opToIop[st.Op.binary()], st.Col.Data[p], v)
					}
					st.Col.Data[p] = flush(v)
				}
			default:
				for j, e := range blk {
					v := val[j]
					if st.Op != Assign {
						v = eval2(opToIop[st.Op.binary()], st.Col.Data[e], v)
					}
					if flushElems {
						v = flush(v)
					}
					st.Col.Data[e] = v
				}
			}
		}
	}
}

// refSelect evaluates a condition the plain way.
func refSelect(cond *Expr, elems []int32, rng *rand.Rand) []int32 {
	var out []int32
	for b := 0; b < len(elems); b += BlockSize {
		blk := elems[b:min(b+BlockSize, len(elems))]
		r := &refBlock{elems: blk, rng: rng, scalars: map[*Column]float64{}, temps: map[string][]float64{}}
		for j, v := range r.eval(cond) {
			if v != 0 {
				out = append(out, blk[j])
			}
		}
	}
	return out
}

type refBlock struct {
	elems   []int32
	rng     *rand.Rand
	scalars map[*Column]float64
	temps   map[string][]float64
}

func (r *refBlock) eval(x *Expr) []float64 {
	n := len(r.elems)
	out := make([]float64, n)
	args := make([][]float64, len(x.Args))
	for i, a := range x.Args {
		args[i] = r.eval(a)
	}
	for j, e := range r.elems {
		a := func(i int) float64 { return args[i][j] }
		var v float64
		switch x.Op {
		case OpConst:
			v = x.Value
		case OpVar:
			if x.Col.Scalar {
				if s, ok := r.scalars[x.Col]; ok {
					v = s
				} else {
					v = x.Col.Data[0]
				}
			} else {
				v = x.Col.Data[e]
			}
		case OpGather:
			v = x.Col.Data[x.Via.Data[e]]
		case OpTemp:
			v = r.temps[x.Name][j]
		case OpIndex:
			v = float64(e)
		case OpNeg:
			v = -a(0)
		case OpNot:
			v = b2f(a(0) == 0)
		case OpLookup:
			if x.Table.TwoD {
				v = x.Table.At2(a(0), a(1))
			} else {
				v = x.Table.At(a(0))
			}
		case OpCall:
			switch x.Func {
			case FuncRand:
				v = uniform(r.rng)
			case FuncRandn:
				v = gauss(r.rng)
			case FuncPoisson:
				v = poisson(r.rng, a(0))
			case FuncClip:
				v = refClip(a(0), a(1), a(2))
			case FuncTimestep:
				v = eval2(iTimestep, a(0), a(1))
			default:
				v = eval1(funcToIop[x.Func], a(0))
			}
		default:
			if x.Op == OpPow {
				v = fnPow(a(0), a(1)) // the kernel multiplies out integer exponents
			} else {
				v = eval2(opToIop[x.Op], a(0), a(1))
			}
		}
		out[j] = v
	}
	return out
}

// refClip is numpy's clip: minimum(maximum(x, lo), hi).
func refClip(x, lo, hi float64) float64 {
	return refMin(refMax(x, lo), hi)
}

func refMax(a, b float64) float64 {
	if a != a || a >= b {
		return a
	}
	return b
}

func refMin(a, b float64) float64 {
	if a != a || a <= b {
		return a
	}
	return b
}

func iotaN(lo, hi int) []int32 {
	out := make([]int32, 0, hi-lo)
	for i := lo; i < hi; i++ {
		out = append(out, int32(i))
	}
	return out
}
