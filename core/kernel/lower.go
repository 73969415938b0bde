package kernel

import (
	"errors"
	"fmt"
	"math"
)

// Lowering turns the statements into a graph of values: temporaries become
// names for values (SSA), equal subexpressions become one node (hash
// consing), constant subexpressions are folded, and every node knows whether
// it is invariant (the same for every element of a call: it depends only on
// constants and scalar columns) — those are computed once per call.

type leafKind uint8

const (
	lfNone   leafKind = iota // an operation on args
	lfConst                  // val
	lfCol                    // column col, version ver (a vector element, or a scalar)
	lfGather                 // col[via[k]], version ver
	lfElem                   // the element index
	lfOnes                   // the vector of ones (terms of chains)
)

type node struct {
	op   iop
	leaf leafKind
	args []*node
	val  float64
	pw   int // iPowi's exponent
	col  *Column
	via  *Index
	ver  int
	ta   *TimedArray
	inv  bool // invariant over the elements of a call
	rnd  bool // draws random numbers
	stmt int  // the statement that draws it (rnd)
	id   int
	uses int // references from nodes and effects

	// code generation
	left int   // uses not yet consumed
	slot int32 // scalar slot (inv) or vector slot (else) once computed; -1 before
}

type nodeKey struct {
	op         iop
	leaf       leafKind
	a0, a1, a2 int
	val        uint64
	pw         int
	col        *Column
	via        *Index
	ver        int
	ta         *TimedArray
}

type effKind uint8

const (
	effStore   effKind = iota // col = val, element by element
	effScatter                // col[via[k]] aop= val
	effScalar                 // scalar col = val, once per call
	effSelect                 // the condition
)

type effect struct {
	kind effKind
	col  *Column
	via  *Index
	aop  AssignOp
	val  *node
	stmt int
}

type lowerer struct {
	nodes   []*node
	memo    map[nodeKey]*node
	temps   map[string]*node
	ver     map[*Column]int
	effects []effect
	stmt    int
	scalar  bool // lowering the value of a statement with a scalar target
	nstmts  int
}

func newLowerer() *lowerer {
	return &lowerer{memo: map[nodeKey]*node{}, temps: map[string]*node{}, ver: map[*Column]int{}}
}

func (l *lowerer) add(n *node) *node {
	n.id = len(l.nodes)
	n.slot = -1
	l.nodes = append(l.nodes, n)
	return n
}

func argID(args []*node, i int) int {
	if i < len(args) {
		return args[i].id
	}
	return -1
}

// intern returns the node equal to n, adding n if there is none.
func (l *lowerer) intern(n *node) *node {
	k := nodeKey{op: n.op, leaf: n.leaf, a0: argID(n.args, 0), a1: argID(n.args, 1), a2: argID(n.args, 2),
		val: math.Float64bits(n.val), pw: n.pw, col: n.col, via: n.via, ver: n.ver, ta: n.ta}
	if m, ok := l.memo[k]; ok {
		return m
	}
	l.memo[k] = n
	return l.add(n)
}

func (l *lowerer) konst(v float64) *node {
	return l.intern(&node{leaf: lfConst, val: v, inv: true})
}

func (l *lowerer) ones() *node { return l.intern(&node{leaf: lfOnes}) }

func (l *lowerer) colLeaf(c *Column) *node {
	return l.intern(&node{leaf: lfCol, col: c, ver: l.ver[c], inv: c.Scalar})
}

// op makes the operation o on args, folding it when every argument is a
// constant.
func (l *lowerer) op(o iop, args ...*node) *node {
	inv, konst := true, true
	for _, a := range args {
		inv = inv && a.inv
		konst = konst && a.leaf == lfConst
	}
	if konst {
		v := make([]float64, 3)
		for i, a := range args {
			v[i] = a.val
		}
		switch {
		case o.unary():
			return l.konst(eval1(o, v[0]))
		case o.binary():
			return l.konst(eval2(o, v[0], v[1]))
		case o == iClip:
			return l.konst(clip(v[0], v[1], v[2]))
		}
	}
	return l.intern(&node{op: o, args: args, inv: inv})
}

func (l *lowerer) powi(x *node, n int) *node {
	if x.leaf == lfConst {
		return l.konst(powi(x.val, n))
	}
	return l.intern(&node{op: iPowi, args: []*node{x}, pw: n, inv: x.inv})
}

func (l *lowerer) lookup(ta *TimedArray, args []*node) *node {
	konst, inv := true, true
	for _, a := range args {
		konst = konst && a.leaf == lfConst
		inv = inv && a.inv
	}
	if konst {
		if ta.TwoD {
			return l.konst(ta.At2(args[0].val, args[1].val))
		}
		return l.konst(ta.At(args[0].val))
	}
	return l.intern(&node{op: iLookup, ta: ta, args: args, inv: inv})
}

// random makes a draw: per element in vector statements, once per call in
// statements with a scalar target.
func (l *lowerer) random(o iop, args []*node) *node {
	inv := l.scalar
	for _, a := range args {
		inv = inv && a.inv
	}
	return l.add(&node{op: o, args: args, inv: inv, rnd: true, stmt: l.stmt})
}

func (l *lowerer) expr(e *Expr) (*node, error) {
	if e == nil {
		return nil, errors.New("missing expression")
	}
	args := make([]*node, len(e.Args))
	for i, a := range e.Args {
		n, err := l.expr(a)
		if err != nil {
			return nil, err
		}
		args[i] = n
	}
	nargs := func(want int) error {
		if len(args) != want {
			return fmt.Errorf("%s takes %d argument(s), not %d", e.Op, want, len(args))
		}
		return nil
	}
	switch e.Op {
	case OpConst:
		return l.konst(e.Value), nil
	case OpVar:
		if e.Col == nil {
			return nil, errors.New("variable without a column")
		}
		return l.colLeaf(e.Col), nil
	case OpGather:
		switch {
		case e.Col == nil || e.Via == nil:
			return nil, errors.New("gather without a column or an index")
		case e.Col.Scalar:
			return nil, fmt.Errorf("scalar column %s read through index %s", colName(e.Col), indexName(e.Via))
		}
		return l.intern(&node{leaf: lfGather, col: e.Col, via: e.Via, ver: l.ver[e.Col]}), nil
	case OpTemp:
		n, ok := l.temps[e.Name]
		if !ok {
			return nil, fmt.Errorf("temporary %s is read before it is assigned", e.Name)
		}
		return n, nil
	case OpIndex:
		return l.intern(&node{leaf: lfElem}), nil
	case OpNeg, OpNot:
		if err := nargs(1); err != nil {
			return nil, err
		}
		return l.op(opToIop[e.Op], args[0]), nil
	case OpCall:
		f := e.Func
		if f == FuncInvalid || f >= funcCount {
			return nil, fmt.Errorf("unknown function %s", f)
		}
		if len(args) != f.Arity() {
			return nil, fmt.Errorf("%s takes %d argument(s), not %d", f, f.Arity(), len(args))
		}
		o := funcToIop[f]
		if f.IsRandom() {
			return l.random(o, args), nil
		}
		return l.op(o, args...), nil
	case OpLookup:
		ta := e.Table
		if ta == nil {
			return nil, errors.New("lookup without a TimedArray")
		}
		want := 1
		if ta.TwoD {
			want = 2
		}
		if len(args) != want {
			return nil, fmt.Errorf("TimedArray %s takes %d argument(s), not %d", ta.Name, want, len(args))
		}
		return l.lookup(ta, args), nil
	}
	if e.Op.IsBinary() {
		if err := nargs(2); err != nil {
			return nil, err
		}
		if e.Op == OpPow && args[1].leaf == lfConst {
			if n, ok := intExponent(args[1].val); ok {
				if n == 1 {
					return args[0], nil
				}
				return l.powi(args[0], n), nil
			}
		}
		return l.op(opToIop[e.Op], args[0], args[1]), nil
	}
	return nil, fmt.Errorf("bad operator %s", e.Op)
}

func (l *lowerer) stmts(stmts []Stmt) error {
	l.nstmts = len(stmts)
	for s, st := range stmts {
		l.stmt = s
		if err := l.statement(st); err != nil {
			return fmt.Errorf("kernel: statement %d (%s): %w", s+1, st, err)
		}
	}
	return nil
}

func (l *lowerer) statement(st Stmt) error {
	if st.Op > DivAssign {
		return fmt.Errorf("bad assignment operator %s", st.Op)
	}
	if st.Col == nil {
		if st.Temp == "" {
			return errors.New("no target")
		}
		if st.Via != nil {
			return errors.New("a temporary cannot be written through an index")
		}
		v, err := l.expr(st.Value)
		if err != nil {
			return err
		}
		if st.Op != Assign {
			old, ok := l.temps[st.Temp]
			if !ok {
				return fmt.Errorf("temporary %s is updated before it is assigned", st.Temp)
			}
			v = l.op(opToIop[st.Op.binary()], old, v)
		}
		l.temps[st.Temp] = v
		return nil
	}
	c := st.Col
	if c.Scalar {
		if st.Via != nil {
			return fmt.Errorf("scalar column %s written through index %s", colName(c), indexName(st.Via))
		}
		l.scalar = true
		v, err := l.expr(st.Value)
		l.scalar = false
		if err != nil {
			return err
		}
		if st.Op != Assign {
			v = l.op(opToIop[st.Op.binary()], l.colLeaf(c), v)
		}
		if !v.inv {
			return fmt.Errorf("scalar column %s is assigned a value that varies over elements", colName(c))
		}
		l.effects = append(l.effects, effect{kind: effScalar, col: c, val: v, stmt: l.stmt})
		l.ver[c]++
		return nil
	}
	v, err := l.expr(st.Value)
	if err != nil {
		return err
	}
	if st.Via != nil {
		l.effects = append(l.effects, effect{kind: effScatter, col: c, via: st.Via, aop: st.Op, val: v, stmt: l.stmt})
		l.ver[c]++
		return nil
	}
	if st.Op != Assign {
		v = l.op(opToIop[st.Op.binary()], l.colLeaf(c), v)
	}
	l.effects = append(l.effects, effect{kind: effStore, col: c, val: v, stmt: l.stmt})
	l.ver[c]++
	return nil
}

// countUses sets uses (and left) of every node reachable from the effects.
func (l *lowerer) countUses() {
	seen := make([]bool, len(l.nodes))
	var visit func(n *node)
	visit = func(n *node) {
		if seen[n.id] {
			return
		}
		seen[n.id] = true
		for _, a := range n.args {
			a.uses++
			visit(a)
		}
	}
	for _, e := range l.effects {
		e.val.uses++
		visit(e.val)
	}
	// every draw happens, used or not, so that the sequence of random
	// numbers does not depend on what the code uses
	for _, n := range l.nodes {
		if n.rnd && !n.inv {
			visit(n)
		}
	}
	for _, n := range l.nodes {
		n.left = n.uses
	}
}

// checkAccess refuses a column that is accessed both element by element and
// through an index when one of the accesses writes it: index runs keep
// element-wise columns in buffers for the block, so the two would disagree.
func (l *lowerer) checkAccess() error {
	type acc struct{ direct, via, write bool }
	m := map[*Column]*acc{}
	get := func(c *Column) *acc {
		a := m[c]
		if a == nil {
			a = &acc{}
			m[c] = a
		}
		return a
	}
	for _, n := range l.nodes {
		if n.uses == 0 || n.col == nil || n.col.Scalar {
			continue
		}
		if n.leaf == lfCol {
			get(n.col).direct = true
		} else if n.leaf == lfGather {
			get(n.col).via = true
		}
	}
	for _, e := range l.effects {
		switch e.kind {
		case effStore:
			a := get(e.col)
			a.direct, a.write = true, true
		case effScatter:
			a := get(e.col)
			a.via, a.write = true, true
		}
	}
	for _, e := range l.effects { // report in statement order
		if e.col == nil {
			continue
		}
		if a := m[e.col]; a != nil && a.direct && a.via && a.write {
			return fmt.Errorf("kernel: column %s is accessed both element by element and through an index, and written", colName(e.col))
		}
	}
	for _, n := range l.nodes {
		if n.col != nil && n.uses > 0 {
			if a := m[n.col]; a != nil && a.direct && a.via && a.write {
				return fmt.Errorf("kernel: column %s is accessed both element by element and through an index, and written", colName(n.col))
			}
		}
	}
	return nil
}
