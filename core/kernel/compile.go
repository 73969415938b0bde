package kernel

import (
	"fmt"
	"strings"
)

// Compile compiles a block of statements into a kernel. Invariant
// subexpressions (those that depend only on constants and scalar columns,
// such as exp(-dt/tau)) become scalar code run once per call; the rest
// becomes a list of block operations, fused where the shapes allow
// (x*a + b, (x - c)*k, chains of terms y*c, ...), that run over BlockSize
// elements at a time.
func Compile(stmts []Stmt) (*Kernel, error) {
	l := newLowerer()
	if err := l.stmts(stmts); err != nil {
		return nil, err
	}
	p, err := generate(l, &program{stmts: append([]Stmt(nil), stmts...)})
	if err != nil {
		return nil, err
	}
	return newKernel(p), nil
}

// CompileCondition compiles a condition (a threshold such as v > vt, a
// custom event) into a kernel whose Select and SelectIndices list the
// elements where it is true (non-zero).
func CompileCondition(cond *Expr) (*Kernel, error) {
	l := newLowerer()
	l.nstmts = 1
	v, err := l.expr(cond)
	if err != nil {
		return nil, fmt.Errorf("kernel: condition %s: %w", cond, err)
	}
	l.effects = append(l.effects, effect{kind: effSelect, val: v})
	p, err := generate(l, &program{cond: true, condExpr: cond})
	if err != nil {
		return nil, err
	}
	return newKernel(p), nil
}

type codegen struct {
	l        *lowerer
	p        *program
	prog     []instr
	pro      []sinstr
	scal0    []float64
	nvec     int32
	free     []int32
	temp     map[int32]bool // vector slots that are temporary buffers
	view     map[*Column]int32
	views    []view
	cur      map[*Column]int     // the columns' current versions while generating
	leaves   map[*Column][]*node // the column and gather leaves of each column
	onesSlot int32
	random   bool
}

func generate(l *lowerer, p *program) (*program, error) {
	l.countUses()
	if err := l.checkAccess(); err != nil {
		return nil, err
	}
	g := &codegen{l: l, p: p, temp: map[int32]bool{}, view: map[*Column]int32{},
		cur: map[*Column]int{}, leaves: map[*Column][]*node{}, onesSlot: -1}
	for _, n := range l.nodes {
		if n.uses > 0 && (n.leaf == lfCol || n.leaf == lfGather) && !n.inv {
			g.leaves[n.col] = append(g.leaves[n.col], n)
		}
	}
	g.scalarEffects()
	g.vectorEffects()
	p.prog, p.pro, p.scal0, p.nvec, p.views, p.random = g.prog, g.pro, g.scal0, int(g.nvec), g.views, g.random
	for slot := int32(0); slot < g.nvec; slot++ {
		if g.temp[slot] {
			p.fixed = append(p.fixed, fixedSlot{slot: slot})
		}
	}
	if g.onesSlot >= 0 {
		ones := make([]float64, BlockSize)
		for i := range ones {
			ones[i] = 1
		}
		p.fixed = append(p.fixed, fixedSlot{slot: g.onesSlot, init: ones})
	}
	seen := map[*Column]bool{}
	for _, vw := range g.views {
		seen[vw.col] = true
		p.vecCols = append(p.vecCols, vw.col)
	}
	for _, n := range l.nodes {
		if n.uses > 0 && n.col != nil && n.col.Scalar && !seen[n.col] {
			seen[n.col] = true
			p.scalCols = append(p.scalCols, n.col)
		}
	}
	for _, e := range l.effects {
		if e.kind == effScalar && !seen[e.col] {
			seen[e.col] = true
			p.scalCols = append(p.scalCols, e.col)
		}
	}
	for i := range p.prog {
		in := &p.prog[i]
		if in.via != nil && !seenIndex(p, in.via) {
			p.vias = append(p.vias, in.via)
		}
	}
	p.fast = unchecked(p.prog)
	p.ones = g.onesSlot
	p.oneOp = !p.random && len(p.vias) == 0
	for _, in := range p.prog {
		if in.via != nil || in.sp == spGather || in.sp == spScatter {
			p.oneOp = false
		}
	}
	p.listing = g.listing()
	return p, nil
}

// unchecked returns prog without its checks for subnormal numbers: the
// operations that check and flush what they store become their plain
// forms, and the separate flush passes go. Range runs told not to check
// use it ([Kernel.RunFlush], [FlushEvery]). Scatters keep their check: they
// store through an index, as index runs do.
func unchecked(prog []instr) []instr {
	fast := make([]instr, 0, len(prog))
	for _, in := range prog {
		switch {
		case in.sp == spFlush:
			continue
		case in.sp == spBlend:
			in.flush = false
		case in.flush && in.spec >= 0:
			in.fn, in.flush = opSpecs[in.spec].fn, false
		}
		fast = append(fast, in)
	}
	return fast
}

func seenIndex(p *program, x *Index) bool {
	for _, v := range p.vias {
		if v == x {
			return true
		}
	}
	return false
}

// ---- scalar code ----

func (g *codegen) newScalar(v float64) int32 {
	g.scal0 = append(g.scal0, v)
	return int32(len(g.scal0) - 1)
}

// scalar returns the scalar slot of the invariant node n, emitting the
// per-call code that computes it.
func (g *codegen) scalar(n *node) int32 {
	if n.slot >= 0 {
		return n.slot
	}
	switch n.leaf {
	case lfConst:
		n.slot = g.newScalar(n.val)
		return n.slot
	case lfCol:
		// loaded by scalarEffects when its version comes into being
		n.slot = g.newScalar(0)
		g.pro = append(g.pro, sinstr{kind: sLoad, dst: n.slot, col: n.col})
		return n.slot
	}
	in := sinstr{kind: sEval, op: n.op, n: n.pw, ta: n.ta}
	ids := [3]*int32{&in.a, &in.b, &in.c}
	for i, a := range n.args {
		*ids[i] = g.scalar(a)
	}
	if n.rnd {
		g.random = true
	}
	n.slot = g.newScalar(0)
	in.dst = n.slot
	g.pro = append(g.pro, in)
	return n.slot
}

// scalarEffects emits the per-call code of the statements with scalar
// targets, in order; each column version is loaded when it exists.
func (g *codegen) scalarEffects() {
	loadVersion := func(c *Column, ver int) {
		k := nodeKey{leaf: lfCol, col: c, ver: ver, a0: -1, a1: -1, a2: -1}
		if n, ok := g.l.memo[k]; ok && n.uses > 0 && n.slot < 0 {
			g.scalar(n)
		}
	}
	for _, n := range g.l.nodes {
		if n.leaf == lfCol && n.inv && n.ver == 0 && n.uses > 0 {
			g.scalar(n)
		}
	}
	for _, e := range g.l.effects {
		if e.kind != effScalar {
			continue
		}
		s := g.scalar(e.val)
		g.pro = append(g.pro, sinstr{kind: sStore, a: s, col: e.col})
		g.cur[e.col]++
		loadVersion(e.col, g.cur[e.col])
	}
}

// ---- vector slots ----

func (g *codegen) newBuf() int32 {
	if k := len(g.free); k > 0 {
		s := g.free[k-1]
		g.free = g.free[:k-1]
		return s
	}
	s := g.nvec
	g.nvec++
	g.temp[s] = true
	return s
}

func (g *codegen) viewSlot(c *Column) int32 {
	if s, ok := g.view[c]; ok {
		return s
	}
	s := g.nvec
	g.nvec++
	g.view[c] = s
	g.views = append(g.views, view{slot: s, col: c})
	return s
}

func (g *codegen) markView(c *Column, read, write bool) {
	g.viewSlot(c)
	for i := range g.views {
		if g.views[i].col == c {
			g.views[i].read = g.views[i].read || read
			g.views[i].writes = g.views[i].writes || write
		}
	}
}

func (g *codegen) ones() *node {
	n := g.l.ones()
	if n.slot < 0 {
		if g.onesSlot < 0 {
			g.onesSlot = g.nvec
			g.nvec++
		}
		n.slot = g.onesSlot
	}
	return n
}

// consume records that an operation read n; a temporary whose last use it
// was goes back to the pool.
func (g *codegen) consume(n *node) {
	n.left--
	if n.left == 0 && !n.inv && n.slot >= 0 && g.temp[n.slot] && n.leaf != lfOnes {
		g.free = append(g.free, n.slot)
	}
}

// vec returns the vector slot holding n, computing n into a temporary when
// it is not yet computed.
func (g *codegen) vec(n *node) int32 {
	if n.inv {
		panic("kernel: internal error: vector slot of an invariant")
	}
	if n.slot >= 0 {
		return n.slot
	}
	switch n.leaf {
	case lfCol:
		if n.ver != g.cur[n.col] {
			panic(fmt.Sprintf("kernel: internal error: %s version %d read at version %d", colName(n.col), n.ver, g.cur[n.col]))
		}
		g.markView(n.col, true, false)
		n.slot = g.viewSlot(n.col)
		return n.slot
	case lfOnes:
		return g.ones().slot
	case lfGather:
		n.slot = g.newBuf()
		g.emit(instr{fn: opGather, sp: spGather, dst: n.slot, col: n.col, via: n.via})
		return n.slot
	case lfElem:
		n.slot = g.newBuf()
		g.emit(instr{fn: opIota, sp: spIota, dst: n.slot})
		return n.slot
	}
	g.compute(n, -1, nil)
	return n.slot
}

func (g *codegen) emit(in instr) {
	if in.spec == 0 && in.fn != nil && in.sp != spNone {
		in.spec = -1
	}
	g.prog = append(g.prog, in)
}

// tile is the operation chosen to compute a node: a generated one (name,
// kinds) or a special one, and its operands in order.
type tile struct {
	name  string
	sp    special
	ops   []*node
	n     int32   // flags of special operations (blendInt)
	extra []*node // nodes whose use the operation also stands for
}

func kind(n *node) byte {
	if n.inv {
		return 'S'
	}
	return 'V'
}

func kinds(ops []*node) string {
	b := make([]byte, len(ops))
	for i, o := range ops {
		b[i] = kind(o)
	}
	return string(b)
}

var specIndex = func() map[string]int {
	m := map[string]int{}
	for i, s := range opSpecs {
		m[s.name+"_"+s.kinds] = i
	}
	return m
}()

// compute emits the operation for n into dst: a new temporary when dst is
// -1, else a column's view (a store, whose results are checked for
// subnormal numbers). before, if not nil, runs after the operands are
// computed and before the operation.
func (g *codegen) compute(n *node, dst int32, before func(ops []*node)) {
	t := g.tile(n)
	for _, o := range t.ops {
		if o.inv {
			g.scalar(o)
		} else {
			g.vec(o)
		}
	}
	if before != nil {
		before(t.ops)
	}
	for _, o := range t.ops {
		g.consume(o)
	}
	store := dst >= 0
	if !store {
		dst = g.newBuf()
	}
	n.slot = dst
	in := instr{dst: dst}
	for i, o := range t.ops {
		in.a[i] = o.slot
		if o.inv && i < 2 {
			in.n |= 1 << i
		}
	}
	if t.sp != spNone {
		in.sp, in.spec = t.sp, -1
		switch t.sp {
		case spPowi:
			in.fn, in.n = opPowi, int32(n.pw)
		case spLookup:
			in.fn, in.ta = opLookup, n.ta
		case spPoisson:
			in.fn = opPoisson
		case spRand:
			in.fn = opRand
		case spRandn:
			in.fn = opRandn
		case spBlend:
			in.fn, in.n, in.flush = opBlend, t.n, store
			if t.n>>blendTermShift != 0 {
				in.fn = opChainBlend
			}
			for _, o := range t.extra {
				g.consume(o)
			}
		}
		g.emit(in)
		if store && !n.op.integral() && t.sp != spRandn && t.sp != spBlend {
			g.emit(instr{fn: opFlush, sp: spFlush, spec: -1, dst: dst})
		}
		return
	}
	ks := kinds(t.ops)
	i, ok := specIndex[t.name+"_"+ks]
	if !ok {
		panic(fmt.Sprintf("kernel: internal error: no operation %s_%s", t.name, ks))
	}
	in.spec, in.n = int16(i), 0
	in.fn = opSpecs[i].fn
	if store && opSpecs[i].fnF != nil {
		in.fn, in.flush = opSpecs[i].fnF, true
	}
	g.emit(in)
	if store && opSpecs[i].fnF == nil && opSpecs[i].checked {
		g.emit(instr{fn: opFlush, sp: spFlush, spec: -1, dst: dst})
	}
}

// fusible reports whether the operation c can be folded into its parent's
// operation: it is used once, not yet computed, and not a draw.
func fusible(c *node) bool {
	return !c.inv && c.leaf == lfNone && !c.rnd && c.slot < 0 && c.uses == 1
}

func (g *codegen) neg(n *node) *node {
	if n.leaf == lfConst {
		return g.l.konst(-n.val)
	}
	return g.l.op(iNeg, n)
}

// vs orders the operands of a product so that the vector comes first.
func vs(a, b *node) (*node, *node) {
	if a.inv && !b.inv {
		return b, a
	}
	return a, b
}

func (g *codegen) tile(n *node) tile {
	if n.rnd {
		switch n.op {
		case iRand:
			g.random = true
			return tile{sp: spRand}
		case iRandn:
			g.random = true
			return tile{sp: spRandn}
		case iPoisson:
			g.random = true
			return tile{sp: spPoisson, ops: n.args}
		}
	}
	switch n.op {
	case iPowi:
		switch n.pw {
		case 2, 3, 4:
			return tile{name: fmt.Sprintf("powi%d", n.pw), ops: n.args}
		}
		return tile{sp: spPowi, ops: n.args}
	case iLookup:
		return tile{sp: spLookup, ops: n.args}
	case iAdd, iSub:
		if t, ok := g.blend(n); ok {
			return t
		}
		switch name, ops := g.affineBase(n); name {
		case "AK":
			return tile{name: "affine", ops: ops}
		case "LK":
			return tile{name: "fma", ops: ops}
		}
		if t, ok := g.add2(n); ok {
			return t
		}
		if t, ok := g.chain(n); ok {
			return t
		}
		if t, ok := g.fma(n); ok {
			return t
		}
	case iMul:
		if t, ok := g.mulShapes(n); ok {
			return t
		}
	case iDiv:
		if t, ok := g.divShapes(n); ok {
			return t
		}
	case iExp, iExprel:
		if t, ok := g.expShapes(n); ok {
			return t
		}
	}
	switch {
	case n.op.unary():
		return tile{name: n.op.String(), ops: n.args}
	case n.op.binary():
		a, b := n.args[0], n.args[1]
		o := n.op
		if a.inv && !b.inv {
			switch {
			case o.commutes():
				a, b = b, a
			case o.mirror() != o:
				a, b, o = b, a, o.mirror()
			}
		}
		return tile{name: o.String(), ops: []*node{a, b}}
	case n.op == iClip:
		return tile{name: "clip", ops: n.args}
	}
	panic("kernel: internal error: cannot compile " + n.op.String())
}

// fma matches a*b + c, c + a*b, a*b - c and c - a*b.
func (g *codegen) fma(n *node) (tile, bool) {
	a, b := n.args[0], n.args[1]
	isMul := func(x *node) bool { return fusible(x) && x.op == iMul }
	if n.op == iAdd {
		if !isMul(a) && isMul(b) {
			a, b = b, a
		}
		if isMul(a) {
			x, y := vs(a.args[0], a.args[1])
			return tile{name: "fma", ops: []*node{x, y, b}}, true
		}
		return tile{}, false
	}
	if isMul(a) { // x*y - c
		x, y := vs(a.args[0], a.args[1])
		if b.inv {
			return tile{name: "fma", ops: []*node{x, y, g.neg(b)}}, true
		}
		return tile{name: "fms", ops: []*node{x, y, b}}, true
	}
	if isMul(b) { // c - x*y
		x, y := vs(b.args[0], b.args[1])
		if y.inv {
			return tile{name: "fma", ops: []*node{x, g.neg(y), a}}, true
		}
		return tile{name: "fnms", ops: []*node{x, y, a}}, true
	}
	return tile{}, false
}

func (g *codegen) mulShapes(n *node) (tile, bool) {
	a, b := n.args[0], n.args[1]
	isSum := func(x *node) bool { return fusible(x) && (x.op == iSub || x.op == iAdd) }
	if !isSum(a) && isSum(b) {
		a, b = b, a
	}
	if isSum(a) {
		p, q := a.args[0], a.args[1]
		if a.op == iSub {
			return tile{name: "submul", ops: []*node{p, q, b}}, true
		}
		p, q = vs(p, q)
		return tile{name: "addmul", ops: []*node{p, q, b}}, true
	}
	// products of a vector and invariant factors: ((y*s1)*s2)*s3
	x, s := vs(a, b)
	if s.inv && fusible(x) && x.op == iMul {
		y, s1 := vs(x.args[0], x.args[1])
		if s1.inv && fusible(y) && y.op == iMul {
			y2, s0 := vs(y.args[0], y.args[1])
			if s0.inv && !y2.inv {
				return tile{name: "mul3", ops: []*node{y2, s0, s1, s}}, true
			}
		}
		if !y.inv {
			return tile{name: "mul2", ops: []*node{y, s1, s}}, true
		}
	}
	if s.inv && fusible(x) && x.op == iDiv && x.args[1].inv && !x.args[0].inv {
		return tile{name: "divmul", ops: []*node{x.args[0], x.args[1], s}}, true
	}
	return tile{}, false
}

// add2 matches (y ± k1) ± k2 and (k1 - y) ± k2.
func (g *codegen) add2(n *node) (tile, bool) {
	x, k2 := n.args[0], n.args[1]
	if n.op == iAdd && x.inv {
		x, k2 = k2, x
	}
	if !k2.inv || !fusible(x) || (x.op != iAdd && x.op != iSub) {
		return tile{}, false
	}
	if n.op == iSub {
		k2 = g.neg(k2)
	}
	p, q := x.args[0], x.args[1]
	switch {
	case !p.inv && q.inv:
		if x.op == iSub {
			q = g.neg(q)
		}
		return tile{name: "add2", ops: []*node{p, q, k2}}, true
	case p.inv && !q.inv && x.op == iAdd:
		return tile{name: "add2", ops: []*node{q, p, k2}}, true
	case p.inv && !q.inv:
		return tile{name: "rsubadd", ops: []*node{p, q, k2}}, true
	}
	return tile{}, false
}

func (g *codegen) divShapes(n *node) (tile, bool) {
	a, d := n.args[0], n.args[1]
	if d.inv && fusible(a) && a.op == iDiv && !(a.args[0].inv && a.args[1].inv) {
		return tile{name: "divdiv", ops: []*node{a.args[0], a.args[1], d}}, true
	}
	if fusible(d) && (d.op == iAdd || d.op == iSub) {
		p, q := d.args[0], d.args[1]
		if d.op == iAdd && p.inv {
			p, q = q, p
		}
		if !p.inv && q.inv {
			name := "divadd"
			if d.op == iSub {
				name = "divsub"
			}
			return tile{name: name, ops: []*node{a, p, q}}, true
		}
	}
	if !d.inv || !fusible(a) || a.op != iMul {
		return tile{}, false
	}
	// the factors of a, innermost first, if a is ((y*s0)*s1)*s2
	var fs []*node
	x := a
	for len(fs) < 3 {
		y, s := vs(x.args[0], x.args[1])
		if !s.inv || y.inv {
			return tile{}, false
		}
		fs = append([]*node{s}, fs...)
		if len(fs) < 3 && fusible(y) && y.op == iMul {
			if yy, ss := vs(y.args[0], y.args[1]); ss.inv && !yy.inv {
				x = y
				continue
			}
		}
		ops := append(append([]*node{y}, fs...), d)
		name := [...]string{"", "muldiv", "mul2div", "mul3div"}[len(fs)]
		return tile{name: name, ops: ops}, true
	}
	return tile{}, false
}

func (g *codegen) expShapes(n *node) (tile, bool) {
	x := n.args[0]
	if !fusible(x) {
		return tile{}, false
	}
	if n.op == iExprel {
		if x.op == iMul {
			if y, s := vs(x.args[0], x.args[1]); s.inv {
				return tile{name: "exprelmul", ops: []*node{y, s}}, true
			}
		}
		return tile{}, false
	}
	switch x.op {
	case iMul:
		if y, s := vs(x.args[0], x.args[1]); s.inv {
			return tile{name: "expmul", ops: []*node{y, s}}, true
		}
	case iDiv:
		if x.args[1].inv {
			return tile{name: "expdiv", ops: x.args}, true
		}
	case iAdd, iSub:
		p, k := x.args[0], x.args[1]
		if x.op == iAdd && p.inv {
			p, k = k, p
		}
		if k.inv && fusible(p) && p.op == iMul {
			if y, s := vs(p.args[0], p.args[1]); s.inv {
				if x.op == iSub {
					k = g.neg(k)
				}
				return tile{name: "expfma", ops: []*node{y, s, k}}, true
			}
		}
	}
	return tile{}, false
}

// chain matches a sum of up to three terms added to a base:
// ((base + y1*c1) + y2*c2) + y3*c3, with bases k, y, y*c, (y - k)*c,
// y*c + k and (y - k)*c + k2. Any addend is a term: y*c, y (c = 1), -y
// (c = -1), a constant k (y = ones, c = k); a subtracted term negates c.
// Every rewriting is exact, so the result has the bits of the tree.
func (g *codegen) chain(n *node) (tile, bool) {
	type term struct{ y, c *node }
	var terms []term
	cur := n
	for len(terms) < 3 && (cur == n || fusible(cur)) && (cur.op == iAdd || cur.op == iSub) {
		if cur != n {
			if b, _ := g.affineBase(cur); b == "AK" || b == "LK" {
				break // a base that includes its constant
			}
		}
		l, r := cur.args[0], cur.args[1]
		if cur.op == iAdd && !g.restWorthy(l) && g.restWorthy(r) {
			l, r = r, l
		}
		y, c := g.asTerm(r, cur.op == iSub)
		terms = append(terms, term{y, c})
		cur = l
	}
	if len(terms) == 0 {
		return tile{}, false
	}
	base, bops := g.asBase(cur)
	if len(terms) == 1 && (base == "K" || base == "V" || terms[0].y.leaf == lfOnes) {
		return tile{}, false // fma or affine does it
	}
	ops := bops
	for i := len(terms) - 1; i >= 0; i-- {
		ops = append(ops, terms[i].y, terms[i].c)
	}
	return tile{name: fmt.Sprintf("chain%s%d", base, len(terms)), ops: ops}, true
}

// restWorthy: x continues the chain or makes a base better than y alone.
func (g *codegen) restWorthy(x *node) bool {
	if x.inv || !fusible(x) {
		return false
	}
	b, _ := g.asBase(x)
	return x.op == iAdd || x.op == iSub || b != "V"
}

func (g *codegen) asTerm(t *node, negate bool) (*node, *node) {
	sgn := func(c *node) *node {
		if negate {
			return g.neg(c)
		}
		return c
	}
	switch {
	case t.inv:
		return g.ones(), sgn(t)
	case fusible(t) && t.op == iMul:
		if y, c := vs(t.args[0], t.args[1]); c.inv {
			return y, sgn(c)
		}
	case fusible(t) && t.op == iNeg:
		return t.args[0], sgn(g.l.konst(-1))
	}
	return t, sgn(g.l.konst(1))
}

// asBase classifies the innermost left operand of a chain.
func (g *codegen) asBase(b *node) (string, []*node) {
	if b.inv {
		return "K", []*node{b}
	}
	if !fusible(b) {
		return "V", []*node{b}
	}
	return g.affineBase(b)
}

// affineBase classifies b by its shape alone: y*c, (y - k)*c, y*c + k,
// (y - k)*c + k2, or V for anything else.
func (g *codegen) affineBase(b *node) (string, []*node) {
	affine := func(m *node) (string, []*node, bool) {
		if fusible(m) && m.op == iNeg { // -y = y*(-1)
			return "L", []*node{m.args[0], g.l.konst(-1)}, true
		}
		if !fusible(m) || m.op != iMul {
			return "", nil, false
		}
		x, s := vs(m.args[0], m.args[1])
		if !s.inv {
			return "", nil, false
		}
		if fusible(x) && (x.op == iSub || x.op == iAdd) {
			p, q := x.args[0], x.args[1]
			switch {
			case x.op == iSub && !p.inv && q.inv: // (y - k)*s
				return "A", []*node{p, q, s}, true
			case x.op == iSub && p.inv && !q.inv: // (k - y)*s = (y - k)*(-s)
				return "A", []*node{q, p, g.neg(s)}, true
			case x.op == iAdd && (p.inv != q.inv): // (y + k)*s = (y - (-k))*s
				y, k := vs(p, q)
				return "A", []*node{y, g.neg(k), s}, true
			}
		}
		return "L", []*node{x, s}, true
	}
	if name, ops, ok := affine(b); ok {
		return name, ops
	}
	if b.op == iAdd || b.op == iSub {
		p, k := b.args[0], b.args[1]
		if b.op == iAdd && p.inv {
			p, k = k, p
		}
		if k.inv {
			if name, ops, ok := affine(p); ok {
				if b.op == iSub {
					k = g.neg(k)
				}
				return name + "K", append(ops, k)
			}
		}
	}
	return "V", []*node{b}
}

// ---- effects ----

// vectorEffects emits the block code: statement by statement, the draws of
// a statement first (so that random numbers come in program order), then
// the stores, a run of independent stores at a time (see storeGroup).
func (g *codegen) vectorEffects() {
	byStmt := map[int][]*node{}
	for _, n := range g.l.nodes {
		if n.rnd && !n.inv {
			byStmt[n.stmt] = append(byStmt[n.stmt], n)
		}
	}
	var group []*effect
	flushGroup := func() {
		if len(group) > 0 {
			g.storeGroup(group)
			group = group[:0]
		}
	}
	ei := 0
	effs := g.l.effects
	for s := 0; s < g.l.nstmts; s++ {
		if rs := byStmt[s]; len(rs) > 0 {
			flushGroup()
			for _, r := range rs { // in creation (evaluation) order
				g.vec(r)
				if r.uses == 0 { // drawn for nothing
					g.free = append(g.free, r.slot)
				}
			}
		}
		for ; ei < len(effs) && effs[ei].stmt == s; ei++ {
			e := &effs[ei]
			switch e.kind {
			case effScalar:
				continue
			case effStore:
				if g.joins(group, e) {
					group = append(group, e)
					continue
				}
				flushGroup()
				group = append(group, e)
			case effScatter:
				flushGroup()
				g.scatter(e)
			case effSelect:
				flushGroup()
				g.sel(e)
			}
		}
	}
	flushGroup()
}

// reads lists the columns whose memory n's computation still reads.
func (g *codegen) reads(n *node, out map[*Column]bool, seen map[*node]bool) {
	if seen[n] || n.inv {
		return
	}
	seen[n] = true
	switch n.leaf {
	case lfCol:
		if n.slot < 0 || n.slot == g.view[n.col] {
			out[n.col] = true
		}
		return
	case lfGather:
		if n.slot < 0 {
			out[n.col] = true
		}
		return
	}
	if n.slot >= 0 {
		return
	}
	for _, a := range n.args {
		g.reads(a, out, seen)
	}
}

// joins reports whether e can be stored in parallel with the group: it
// neither targets a column of the group nor reads a version the group
// creates.
func (g *codegen) joins(group []*effect, e *effect) bool {
	if len(group) == 0 {
		return true
	}
	for _, f := range group {
		if f.col == e.col {
			return false
		}
	}
	bad := false
	var visit func(n *node)
	seen := map[*node]bool{}
	visit = func(n *node) {
		if seen[n] || n.inv || bad {
			return
		}
		seen[n] = true
		if n.leaf == lfCol || n.leaf == lfGather {
			for _, f := range group {
				if f.col == n.col && n.ver > g.cur[n.col] {
					bad = true
				}
			}
			return
		}
		for _, a := range n.args {
			visit(a)
		}
	}
	visit(e.val)
	return !bad
}

// storeGroup stores a run of independent values (Brian2's
// "_v = ...; _m = ...; v = _v; m = _m"). A value can be computed straight
// into its column once no other pending value reads that column's old
// content; the order that allows it is found by a topological sort, and a
// cycle (v's update reads m and m's reads v) is broken by computing one
// value into a temporary first, the one read by most.
func (g *codegen) storeGroup(group []*effect) {
	if len(group) == 1 {
		g.store(group[0])
		return
	}
	n := len(group)
	readsOf := make([]map[*Column]bool, n)
	for i, e := range group {
		readsOf[i] = map[*Column]bool{}
		g.reads(e.val, readsOf[i], map[*node]bool{})
	}
	// edge i -> j: i must be stored before j (i reads j's column)
	edges := make([][]bool, n)
	for i := range edges {
		edges[i] = make([]bool, n)
		for j := range group {
			if i != j && readsOf[i][group[j].col] {
				edges[i][j] = true
			}
		}
	}
	done := make([]bool, n)
	var order []int
	for len(order) < n {
		pick := -1
		for j := 0; j < n && pick < 0; j++ {
			if done[j] {
				continue
			}
			free := true
			for i := 0; i < n; i++ {
				if !done[i] && edges[i][j] {
					free = false
					break
				}
			}
			if free {
				pick = j
			}
		}
		if pick < 0 {
			// a cycle: compute the value with the most readers' constraints first
			best, bestOut := -1, -1
			for i := 0; i < n; i++ {
				if done[i] {
					continue
				}
				out := 0
				for j := 0; j < n; j++ {
					if !done[j] && edges[i][j] {
						out++
					}
				}
				if out > bestOut {
					best, bestOut = i, out
				}
			}
			if v := group[best].val; !v.inv && v.slot < 0 {
				g.vec(v)
			}
			for j := range edges[best] {
				edges[best][j] = false
			}
			continue
		}
		done[pick] = true
		order = append(order, pick)
	}
	stored := make([]bool, n)
	for _, i := range order {
		if stored[i] {
			continue
		}
		if fs := g.decaysFor(group, i, stored); fs != nil {
			g.storeChainDecays(group[i], group, fs)
			for _, f := range fs {
				stored[f] = true
			}
		} else if ds := g.blendDecaysFor(group, i, stored); ds != nil {
			g.storeBlendDecays(group[i], group, ds)
			for _, d := range ds {
				stored[d.eff] = true
			}
		} else {
			g.store(group[i])
		}
		stored[i] = true
	}
}

// decaysFor finds, for a store of a chain into its column, the stores of the
// group that decay the chain's term columns, y = y*d, when all of them do
// and nothing else reads those columns: they are then computed in the
// chain's loop (chain...d operations). It returns their indexes in term
// order, or nil.
func (g *codegen) decaysFor(group []*effect, i int, stored []bool) []int {
	v := group[i].val
	if v.inv || v.slot >= 0 || v.uses != 1 || v.leaf != lfNone || v.rnd || (v.op != iAdd && v.op != iSub) {
		return nil
	}
	t := g.tile(v)
	if !strings.HasPrefix(t.name, "chain") {
		return nil
	}
	m := int(t.name[len(t.name)-1] - '0')
	base := len(t.ops) - 2*m
	var fs []int
	for k := 0; k < m; k++ {
		y := t.ops[base+2*k]
		if y.leaf != lfCol || y.inv || y.ver != g.cur[y.col] || (y.slot >= 0 && y.slot != g.view[y.col]) {
			return nil
		}
		found := -1
		for j, f := range group {
			if j == i || stored[j] || f.col != y.col {
				continue
			}
			fv := f.val
			if fv.slot >= 0 || fv.uses != 1 || fv.leaf != lfNone || fv.op != iMul {
				continue
			}
			a, b := fv.args[0], fv.args[1]
			if b == y {
				a, b = b, a
			}
			if a == y && b.inv {
				found = j
			}
		}
		if found < 0 {
			return nil
		}
		for _, f := range fs {
			if f == found {
				return nil // the same column twice
			}
		}
		// nothing but this chain and the decay may still read y
		uses := 1
		for _, o := range t.ops {
			if o == y {
				uses++
			}
		}
		if y.left != uses || len(g.leavesOf(y.col)) > 1 {
			return nil
		}
		fs = append(fs, found)
	}
	return fs
}

// blendDecay is a decay y = y*f of a chain blend's term column: the term
// and the store of the group that decays it.
type blendDecay struct{ term, eff int }

// decayOf returns the index of the store of the group (not i, not yet
// stored) that decays y's column, y = y*f with f invariant, or -1.
func (g *codegen) decayOf(group []*effect, i int, stored []bool, y *node) int {
	found := -1
	for j, f := range group {
		if j == i || stored[j] || f.col != y.col {
			continue
		}
		fv := f.val
		if fv.slot >= 0 || fv.uses != 1 || fv.leaf != lfNone || fv.op != iMul {
			continue
		}
		a, b := fv.args[0], fv.args[1]
		if b == y {
			a, b = b, a
		}
		if a == y && b.inv {
			found = j
		}
	}
	return found
}

// blendDecaysFor finds, for a store of a chain blend (opChainBlend: the
// exact update of a variable held by refractoriness), the stores of the
// group that decay some of the chain's term columns, when nothing else reads
// those columns: they are then computed in the blend's loop
// (opChainBlendDecay). It returns them in term order, or nil.
func (g *codegen) blendDecaysFor(group []*effect, i int, stored []bool) []blendDecay {
	e := group[i]
	v := e.val
	if v.inv || v.slot >= 0 || v.uses != 1 || v.leaf != lfNone || v.rnd || v.op != iAdd {
		return nil
	}
	if !fuseBlendDecays {
		return nil
	}
	t, ok := g.blend(v)
	if !ok || t.n>>blendTermShift == 0 {
		return nil
	}
	terms := int(t.n >> blendTermShift)
	var ds []blendDecay
	for k := range terms {
		y := t.ops[2*k]
		if y.leaf != lfCol || y.inv || y.col == e.col || y.ver != g.cur[y.col] || (y.slot >= 0 && y.slot != g.view[y.col]) {
			continue
		}
		f := g.decayOf(group, i, stored, y)
		if f < 0 {
			continue
		}
		dup := false
		for _, d := range ds {
			dup = dup || d.eff == f
		}
		// nothing but this blend and the decay may still read y
		uses := 1
		for _, o := range t.ops {
			if o == y {
				uses++
			}
		}
		if dup || y.left != uses || len(g.leavesOf(y.col)) > 1 {
			continue
		}
		ds = append(ds, blendDecay{term: k, eff: f})
	}
	if len(ds) > 3 {
		ds = ds[:3]
	}
	return ds
}

// storeBlendDecays emits an opChainBlendDecay: e's chain blend into e's
// column and the decays ds of its term columns, in one loop.
func (g *codegen) storeBlendDecays(e *effect, group []*effect, ds []blendDecay) {
	t, _ := g.blend(e.val)
	ops := append([]*node(nil), t.ops...)
	mask := int32(0)
	for _, d := range ds {
		y := t.ops[2*d.term]
		a, b := group[d.eff].val.args[0], group[d.eff].val.args[1]
		if a != y {
			a, b = b, a
		}
		ops = append(ops, b)
		mask |= 1 << d.term
	}
	for _, o := range ops {
		if o.inv {
			g.scalar(o)
		} else {
			g.vec(o)
		}
	}
	g.protect(e.col, ops)
	for _, d := range ds {
		y := t.ops[2*d.term]
		g.protect(y.col, append(ops, y))
	}
	for _, o := range ops {
		g.consume(o)
	}
	for _, o := range t.extra {
		g.consume(o)
	}
	for _, d := range ds {
		g.consume(t.ops[2*d.term]) // the decay's read
	}
	dst := g.viewSlot(e.col)
	g.markView(e.col, false, true)
	in := instr{fn: opChainBlendDecay, sp: spBlend, spec: -1, dst: dst, n: t.n | mask<<blendDecayShift, flush: true}
	if terms := int(t.n>>blendTermShift) & 0xf; g.onesSlot >= 0 && ops[2*(terms-1)].slot == g.onesSlot {
		in.n |= blendOnesLast
	}
	for i, o := range ops {
		in.a[i] = o.slot
	}
	g.emit(in)
	e.val.slot = dst
	g.cur[e.col]++
	g.bindVersion(e.col)
	for _, d := range ds {
		y := t.ops[2*d.term]
		g.markView(y.col, false, true)
		group[d.eff].val.slot = y.slot
		g.cur[y.col]++
		g.bindVersion(y.col)
	}
}

// leavesOf lists the pending leaves (element-wise or gathered) of c's
// current version.
func (g *codegen) leavesOf(c *Column) []*node {
	var out []*node
	for _, lf := range g.leaves[c] {
		if lf.ver == g.cur[c] && lf.left > 0 {
			out = append(out, lf)
		}
	}
	return out
}

// storeChainDecays emits a chain...d operation: e's chain into e's column
// and the decays fs of its term columns, in one loop.
func (g *codegen) storeChainDecays(e *effect, group []*effect, fs []int) {
	t := g.tile(e.val)
	m := len(fs)
	base := len(t.ops) - 2*m
	ops := append([]*node(nil), t.ops...)
	for k, f := range fs {
		y := t.ops[base+2*k]
		a, b := group[f].val.args[0], group[f].val.args[1]
		if a != y {
			a, b = b, a
		}
		ops = append(ops, b)
	}
	for _, o := range ops {
		if o.inv {
			g.scalar(o)
		} else {
			g.vec(o)
		}
	}
	g.protect(e.col, ops)
	for k := range fs {
		y := t.ops[base+2*k]
		g.protect(y.col, append(ops, y))
	}
	for _, o := range ops {
		g.consume(o)
	}
	for k := range fs {
		g.consume(t.ops[base+2*k]) // the decay's read
	}
	dst := g.viewSlot(e.col)
	g.markView(e.col, false, true)
	in := instr{dst: dst, flush: true}
	for i, o := range ops {
		in.a[i] = o.slot
	}
	name := t.name + "d_" + kinds(t.ops) + strings.Repeat("S", m)
	i, ok := specIndex[name]
	if !ok {
		panic("kernel: internal error: no operation " + name)
	}
	in.spec, in.fn = int16(i), opSpecs[i].fnF
	g.emit(in)
	e.val.slot = dst
	g.cur[e.col]++
	g.bindVersion(e.col)
	for k, f := range fs {
		y := t.ops[base+2*k]
		g.markView(y.col, false, true)
		group[f].val.slot = y.slot
		g.cur[y.col]++
		g.bindVersion(y.col)
	}
}

// protect is called before the operation that overwrites column c: the
// current version of c that pending computations still need is copied to a
// temporary (element-wise reads) or gathered now (reads through an index).
// ops are the operands of the overwriting operation itself.
func (g *codegen) protect(c *Column, ops []*node) {
	for _, lf := range g.leaves[c] {
		if lf.ver != g.cur[c] {
			continue
		}
		pending := lf.left
		for _, o := range ops {
			if o == lf {
				pending--
			}
		}
		if pending <= 0 {
			continue
		}
		switch lf.leaf {
		case lfCol:
			if lf.slot >= 0 && lf.slot != g.view[c] {
				continue // already copied
			}
			src := g.vec(lf)
			dst := g.newBuf()
			g.emit(instr{fn: opSpecs[specIndex["copy_V"]].fn, spec: int16(specIndex["copy_V"]), dst: dst, a: [maxArgs]int32{src}})
			lf.slot = dst
		case lfGather:
			if lf.slot < 0 {
				g.vec(lf)
			}
		}
	}
}

// store emits e's store into its column.
func (g *codegen) store(e *effect) {
	c := e.col
	dst := g.viewSlot(c)
	g.markView(c, false, true)
	v := e.val
	switch {
	case v.inv:
		s := g.scalar(v)
		g.protect(c, nil)
		g.emit(instr{fn: opFill, sp: spFill, spec: -1, dst: dst, a: [maxArgs]int32{s}})
	case v.slot >= 0 || v.uses > 1 || v.leaf != lfNone || v.rnd:
		src := g.vec(v)
		g.protect(c, []*node{v})
		i := specIndex["copy_V"]
		g.emit(instr{fn: opSpecs[i].fnF, flush: true, spec: int16(i), dst: dst, a: [maxArgs]int32{src}})
		g.consume(v)
	default:
		g.compute(v, dst, func(ops []*node) { g.protect(c, ops) })
	}
	g.cur[c]++
	g.bindVersion(c)
}

// bindVersion points the leaf of c's new version at its view.
func (g *codegen) bindVersion(c *Column) {
	for _, lf := range g.leaves[c] {
		if lf.ver == g.cur[c] && lf.leaf == lfCol {
			g.markView(c, false, false)
			lf.slot = g.view[c]
		}
	}
}

func (g *codegen) scatter(e *effect) {
	v := e.val
	in := instr{fn: opScatter, sp: spScatter, spec: -1, col: e.col, via: e.via, aop: e.aop}
	if v.inv {
		in.a[0] = g.scalar(v)
		in.n = flagS0
	} else {
		in.a[0] = g.vec(v)
	}
	g.protect(e.col, nil)
	if !v.inv {
		g.consume(v)
	}
	g.emit(in)
	g.cur[e.col]++
}

func (g *codegen) sel(e *effect) {
	v := e.val
	if v.inv {
		g.emit(instr{fn: opSelAll, sp: spSelAll, spec: -1, a: [maxArgs]int32{g.scalar(v)}})
		return
	}
	if g.selCmpAnd(v) {
		return
	}
	name := ""
	var ops []*node
	if fusible(v) && v.op >= iLt && v.op <= iNe {
		a, b, o := v.args[0], v.args[1], v.op
		if a.inv {
			a, b, o = b, a, o.mirror()
		}
		name, ops = "sel"+o.String(), []*node{a, b}
	} else {
		name, ops = "sel", []*node{v}
	}
	for _, o := range ops {
		if o.inv {
			g.scalar(o)
		} else {
			g.vec(o)
		}
	}
	in := instr{}
	for i, o := range ops {
		in.a[i] = o.slot
		g.consume(o)
	}
	i := specIndex[name+"_"+kinds(ops)]
	in.spec, in.fn = int16(i), opSpecs[i].fn
	g.emit(in)
}

// selCmpAnd emits the fused selection of "(a op b) and m", a comparison of
// a vector with a vector or an invariant, and a vector (a threshold with
// refractoriness: "(v > v_th) and not_refractory"), if v has that shape.
func (g *codegen) selCmpAnd(v *node) bool {
	if !fuseOps || !fusible(v) || v.op != iAnd {
		return false
	}
	for _, p := range [2][2]*node{{v.args[0], v.args[1]}, {v.args[1], v.args[0]}} {
		c, m := p[0], p[1]
		if !fusible(c) || c.op < iLt || c.op > iNe || m.inv {
			continue
		}
		a, b, o := c.args[0], c.args[1], c.op
		if a.inv {
			a, b, o = b, a, o.mirror()
		}
		if a.inv || a == m || b == m || a == b {
			continue
		}
		ops := []*node{a, b, m}
		for _, o := range ops {
			if o.inv {
				g.scalar(o)
			} else {
				g.vec(o)
			}
		}
		in := instr{n: int32(o) << 8, spec: -1, sp: spSelCmpAnd, fn: opSelCmpAndVV}
		if b.inv {
			in.n, in.fn = in.n|flagS1, opSelCmpAndVS
		}
		for i, o := range ops {
			in.a[i] = o.slot
			g.consume(o)
		}
		g.emit(in)
		return true
	}
	return false
}

// blend matches x*int(m) + (1 - int(m))*y and its commutations: the
// conditional write with which refractoriness holds a variable (x where
// m, else y), computed in one loop with the same operations.
func (g *codegen) blend(n *node) (tile, bool) {
	if !fuseOps || n.op != iAdd {
		return tile{}, false
	}
	mul := func(x *node) bool { return fusible(x) && x.op == iMul }
	for _, p := range [2][2]*node{{n.args[0], n.args[1]}, {n.args[1], n.args[0]}} {
		l, r := p[0], p[1]
		if !mul(l) || !mul(r) {
			continue
		}
		for _, lp := range [2][2]*node{{l.args[0], l.args[1]}, {l.args[1], l.args[0]}} {
			x, k := lp[0], lp[1]
			if k.op != iInt || k.leaf != lfNone || k.inv || k.rnd || x.inv || x == k {
				continue
			}
			for _, rp := range [2][2]*node{{r.args[0], r.args[1]}, {r.args[1], r.args[0]}} {
				s, y := rp[0], rp[1]
				// 1 - int(m) may be shared with other blends (several
				// variables held by refractoriness): it is recomputed here,
				// the same operation
				if s.inv || s.rnd || s.leaf != lfNone || s.op != iSub || s.args[0].leaf != lfConst || s.args[0].val != 1 ||
					s.args[1] != k || y.inv || y == k || y == x {
					continue
				}
				if k.slot < 0 && k.uses == 2 && s.uses == 1 && !k.args[0].inv {
					// x a chain of products of vectors and invariants
					// (the exact update of a LIF neuron) is computed in
					// the same loop
					if fusible(x) {
						if c, ok := g.chain(x); ok && strings.HasPrefix(c.name, "chainL") && len(c.name) == 7 &&
							strings.Trim(kinds(c.ops), "VS") == "" && strings.Count(kinds(c.ops), "VS") == len(c.ops)/2 {
							terms := int32(len(c.ops) / 2)
							return tile{sp: spBlend, n: blendInt | terms<<blendTermShift, ops: append(c.ops, k.args[0], y)}, true
						}
					}
					return tile{sp: spBlend, n: blendInt, ops: []*node{x, k.args[0], y}}, true
				}
				// the operands consume k once, for x*k; 1 - k consumes it
				// too when it is not used elsewhere, else is consumed once
				extra := []*node{s}
				if s.uses == 1 {
					extra[0] = k
				}
				return tile{sp: spBlend, ops: []*node{x, k, y}, extra: extra}, true
			}
		}
	}
	return tile{}, false
}
