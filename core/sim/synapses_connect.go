package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/fmath"
	"github.com/myelin-sim/myelin/core/kernel"
	"github.com/myelin-sim/myelin/core/lower"
	"github.com/myelin-sim/myelin/units"
)

// ConnectSpec says which synapses Connect creates, with the arguments of
// Brian2's Synapses.connect:
//
//   - nothing: every pair (all to all);
//   - Condition: the pairs where it is true, an expression of i, j and
//     pre- and postsynaptic variables ("i != j", "abs(x_pre - x_post) < 1");
//     with P, each with that probability;
//   - I and J: the pairs (I[k], J[k]); one of them may have a single
//     element, used for every element of the other; with P (a number),
//     each pair with that probability;
//   - JGen: Brian2's generator syntax for j, evaluated for each presynaptic
//     i: "k for k in range(i-3, i+4) if k != i", "i",
//     "k for k in sample(N_post, p=0.1)", "k for k in sample(N_post, size=10)";
//     IGen: the same for i, for each postsynaptic j.
//
// P is a probability: a number, or an expression of i (and presynaptic
// variables, drawn for each i with fast sampling) or of j (drawn for each
// pair). N is the number of synapses per pair: an integer or an expression
// of i and j. With SkipIfInvalid, generated indices outside the target are
// skipped instead of being an error.
type ConnectSpec struct {
	Condition     string
	I, J          []int
	JGen, IGen    string
	P             string
	N             string
	SkipIfInvalid bool
}

// connectErr is an error in one of Connect's code strings.
func (s *Synapses) connectErr(field string, err error) error {
	return &CodeError{Object: s.name, Field: "connect." + field, Err: err}
}

// Connect creates synapses, as Brian2's Synapses.connect (see ConnectSpec).
// It may be called several times; the new synapses' variables start at 0.
// Random choices draw from the network's generator.
func (s *Synapses) Connect(c ConnectSpec) error {
	arrays := c.I != nil || c.J != nil
	gens := c.JGen != "" || c.IGen != ""
	switch {
	case c.Condition != "" && (arrays || gens):
		return fmt.Errorf("%s: cannot combine a condition with i or j (Connect)", s.name)
	case c.JGen != "" && c.IGen != "":
		return fmt.Errorf("%s: generator syntax is for i or for j, not both", s.name)
	case gens && arrays:
		return fmt.Errorf("%s: generator syntax for one index cannot be combined with an array for the other", s.name)
	case arrays && (c.I == nil || c.J == nil):
		return fmt.Errorf("%s: Connect needs both I and J (or a condition, or generator syntax)", s.name)
	}
	if strings.TrimSpace(c.Condition) != "" && keyword(c.Condition, "for", 0) >= 0 {
		return fmt.Errorf("%s: generator expression given for condition, write JGen: %q instead", s.name, c.Condition)
	}
	s.connected = true
	if arrays {
		return s.connectArrays(c)
	}
	var g *generator
	cc := &connCtx{s: s, overPre: true, skip: c.SkipIfInvalid, nField: "n"}
	switch {
	case c.JGen != "" || c.IGen != "":
		src, field := c.JGen, "j"
		if c.IGen != "" {
			src, field, cc.overPre = c.IGen, "i", false
		}
		if p := strings.TrimSpace(c.P); p != "" && p != "1" && p != "1." && p != "1.0" {
			return fmt.Errorf("%s: generator syntax cannot be combined with p", s.name)
		}
		var err error
		if g, err = parseGenerator(src); err != nil {
			return s.connectErr(field, err)
		}
		cc.field, cc.condField = field, field
	default:
		cond := strings.TrimSpace(c.Condition)
		if cond == "" {
			cond = "True"
		}
		x, err := expr.ParseExpr(cond)
		if err != nil {
			return s.connectErr("condition", err)
		}
		if n, ok := x.(*expr.Name); ok && n.Name == "False" {
			return nil
		}
		g = &generator{src: cond, inner: "j", fn: "range", high: name("N_post")}
		if n, ok := x.(*expr.Name); !ok || n.Name != "True" {
			g.cond = x
		}
		cc.field, cc.condField = "p", "condition"
		if p := strings.TrimSpace(c.P); p != "" {
			px, err := expr.ParseExpr(p)
			if err != nil {
				return s.connectErr("p", err)
			}
			if err := cc.init(g); err != nil {
				return err
			}
			if cc.dependsInner(px, false) {
				cc.pInner = px // drawn for each pair
			} else {
				g.fn, g.p = "sample", px // sampled for each i
			}
		}
	}
	if err := cc.init(g); err != nil {
		return err
	}
	if nstr := strings.TrimSpace(c.N); nstr != "" && nstr != "1" {
		x, err := expr.ParseExpr(nstr)
		if err != nil {
			return s.connectErr("n", err)
		}
		cc.nExpr = x
	}
	pre, counts, post, err := cc.run()
	if err != nil {
		return err
	}
	s.addSynapses(pre, counts, post)
	return nil
}

// connectArrays creates the synapses (I[k], J[k]).
func (s *Synapses) connectArrays(c ConnectSpec) error {
	if c.SkipIfInvalid {
		return fmt.Errorf("%s: SkipIfInvalid is for generator syntax, not for arrays", s.name)
	}
	ni, nj := len(c.I), len(c.J)
	m := max(ni, nj)
	if ni != nj && ni != 1 && nj != 1 {
		return fmt.Errorf("%s: I and J must have the same length (or one of them one element), not %d and %d", s.name, ni, nj)
	}
	if ni == 0 || nj == 0 {
		m = 0
	}
	for _, x := range []struct {
		what string
		idx  []int
		src  Source
	}{{"source", c.I, s.src}, {"target", c.J, s.tgt}} {
		for _, k := range x.idx {
			if k < 0 || k >= x.src.N() {
				return fmt.Errorf("%s: the given %s indices contain values outside of the range [0, %d] allowed for the %s group %s: %d",
					s.name, x.what, x.src.N()-1, x.what, x.src.Name(), k)
			}
		}
	}
	n := 1
	if nstr := strings.TrimSpace(c.N); nstr != "" {
		v, err := s.constant(nstr, "n")
		if err != nil {
			return err
		}
		if !(v >= 0 && v < 1<<20) || v != math.Trunc(v) {
			return fmt.Errorf("%s: n must be a whole number of synapses, not %v", s.name, v)
		}
		n = int(v)
		if s.n+m*n > maxSynapses {
			return fmt.Errorf("%s: connecting would make more than %d synapses", s.name, maxSynapses)
		}
	}
	p := 1.0
	if pstr := strings.TrimSpace(c.P); pstr != "" {
		v, err := s.constant(pstr, "p")
		if err != nil {
			return err
		}
		p = v
	}
	pre := make([]int32, 0, m*n)
	post := make([]int32, 0, m*n)
	rng := s.net.rng
	for k := 0; k < m; k++ {
		i, j := c.I[min(k, ni-1)], c.J[min(k, nj-1)]
		if p != 1 && !(rng.Float64() < p) {
			continue
		}
		for r := 0; r < n; r++ {
			pre = append(pre, int32(i))
			post = append(post, int32(j))
		}
	}
	s.addSynapses(pre, nil, post)
	return nil
}

// constant evaluates a dimensionless constant expression (p or n with
// arrays).
func (s *Synapses) constant(code, field string) (float64, error) {
	x, err := expr.ParseExpr(code)
	if err != nil {
		return 0, s.connectErr(field, err)
	}
	c, err := expr.Check(x, func(n string) (expr.Symbol, bool) {
		b, ok := s.external(n)
		if !ok {
			return expr.Symbol{}, false
		}
		return b.Symbol(), true
	})
	if err != nil {
		return 0, s.connectErr(field, err)
	}
	in := c.Info()
	if !in.Const || !in.Dim.IsDimensionless() {
		return 0, s.connectErr(field, expr.ErrorList{{Pos: 0, Msg: fmt.Sprintf("with index arrays, %s must be a dimensionless constant", field)}})
	}
	return in.Value, nil
}

// connCtx evaluates a generator: for every outer index (i for generators
// of j, j for generators of i) it draws the inner values, computes the
// result indices, keeps those where the condition holds and emits the
// synapses.
type connCtx struct {
	s         *Synapses
	overPre   bool // the outer index is presynaptic (generator for j)
	skip      bool
	g         *generator
	field     string // where the generator's text comes from
	condField string
	nField    string
	pInner    expr.Expr // a probability drawn for each candidate (condition connects)
	nExpr     expr.Expr

	outer, res         Source
	outerName, resName string

	// outer level: one element per outer index
	outerAbs *kernel.Index // the outer neuron, absolute
	outerK   *kernel.Kernel
	outerCol map[string]*kernel.Column // the results: cond, low, high, step, p, size, n
	outerOK  bool

	// inner level: one element per candidate of the current outer index
	oCol           *kernel.Column // the current outer index (scalar)
	kCol           *kernel.Column // the inner variable
	rCol           *kernel.Column // the result index
	rAbs           *kernel.Index  // the result neuron, absolute
	scalars        map[*kernel.Column]*kernel.Column
	scalarOf       []*kernel.Column // pairs: the outer side's column, its scalar copy
	elemK          *kernel.Kernel
	condK          *kernel.Kernel
	pK             *kernel.Kernel
	nK             *kernel.Kernel
	pCol           *kernel.Column
	nCol           *kernel.Column
	condUsesResult bool // the inner condition reads result-side variables

	linked map[*Variable]*Variable // linked variables read, as snapshots (synapses_linked.go)
}

// init sets up the names of the generator's two levels.
func (c *connCtx) init(g *generator) error {
	c.g = g
	s := c.s
	if c.overPre {
		c.outer, c.res, c.outerName, c.resName = s.src, s.tgt, "i", "j"
	} else {
		c.outer, c.res, c.outerName, c.resName = s.tgt, s.src, "j", "i"
	}
	if c.outerAbs == nil {
		c.outerAbs = &kernel.Index{Name: "_outer", Data: make([]int32, c.outer.N())}
		for k := range c.outerAbs.Data {
			c.outerAbs.Data[k] = int32(k + c.outer.Start)
		}
		c.oCol = &kernel.Column{Name: c.outerName, Data: []float64{0}, Scalar: true}
		c.kCol = &kernel.Column{Name: g.inner}
		c.rCol = &kernel.Column{Name: c.resName}
		c.rAbs = &kernel.Index{Name: "_result"}
		c.scalars = map[*kernel.Column]*kernel.Column{}
	}
	c.kCol.Name = g.inner
	return nil
}

type level int

const (
	levelNeutral level = iota
	levelOuter
	levelInner
)

// classify says on which level a name lives, and how it reads there.
func (c *connCtx) classify(n string) (level, *Variable, bool) {
	s := c.s
	switch n {
	case c.g.inner:
		return levelInner, nil, true
	case c.resName:
		return levelInner, nil, true
	case c.outerName:
		return levelOuter, nil, true
	case "N_pre", "N_post", "N", "t", "dt":
		return levelNeutral, nil, true
	case "N_incoming", "N_outgoing":
		return levelNeutral, nil, false
	}
	if _, ok := s.vars[n]; ok {
		return levelNeutral, nil, false
	}
	if s.eqs.Get(n) != nil {
		return levelNeutral, nil, false
	}
	side, base, pre, _ := s.remote(n)
	v, ok := side.Group.vars[base]
	if ok && v.Via != nil {
		v, ok = c.linkedSnapshot(side.Group, base, v)
	}
	if ok {
		if pre == c.overPre {
			return levelOuter, v, true
		}
		return levelInner, v, true
	}
	return levelNeutral, nil, true
}

// dependsInner reports whether x needs the inner level: it uses the result
// index, the inner variable or result-side variables, or (for conditions)
// draws random numbers.
func (c *connCtx) dependsInner(x expr.Expr, randomInner bool) bool {
	for _, n := range expr.Names(x) {
		if lv, _, _ := c.classify(n); lv == levelInner {
			return true
		}
	}
	if randomInner {
		for _, f := range expr.FuncNames(x) {
			if expr.IsRandom(f) {
				return true
			}
		}
	}
	return false
}

// usesResultVars reports whether x reads variables of the result side
// (which needs the result index in range).
func (c *connCtx) usesResultVars(x expr.Expr) bool {
	for _, n := range expr.Names(x) {
		if lv, v, _ := c.classify(n); lv == levelInner && v != nil {
			return true
		}
	}
	return false
}

// scope resolves names at the outer level (inner false) or the inner
// level.
func (c *connCtx) scope(inner bool) lower.Scope {
	s := c.s
	return func(n string) (lower.Binding, bool) {
		lv, v, ok := c.classify(n)
		if !ok {
			return lower.Binding{}, false
		}
		switch n {
		case "N_pre":
			return lower.Binding{Kind: expr.Integer, Const: true, Value: float64(s.src.N()), ReadOnly: true}, true
		case "N_post":
			return lower.Binding{Kind: expr.Integer, Const: true, Value: float64(s.tgt.N()), ReadOnly: true}, true
		case "N":
			return lower.Binding{Kind: expr.Integer, Const: true, Value: float64(s.n), ReadOnly: true}, true
		case "t":
			return lower.Binding{Dim: units.DimTime, Col: s.net.t, ReadOnly: true}, true
		case "dt":
			return lower.Binding{Dim: units.DimTime, Const: true, Value: s.net.DT, ReadOnly: true}, true
		}
		if lv == levelNeutral {
			return s.external(n)
		}
		if !inner && lv == levelInner {
			return lower.Binding{}, false
		}
		if v == nil { // an index
			switch {
			case n == c.outerName && inner:
				return lower.Binding{Kind: expr.Integer, Col: c.oCol, ReadOnly: true}, true
			case n == c.outerName:
				return lower.Binding{Kind: expr.Integer, Elem: true, ReadOnly: true}, true
			case n == c.g.inner:
				return lower.Binding{Kind: expr.Integer, Col: c.kCol, ReadOnly: true}, true
			}
			return lower.Binding{Kind: expr.Integer, Col: c.rCol, ReadOnly: true}, true
		}
		b := lower.Binding{Dim: v.Dim, Kind: v.Kind, Col: v.Col, ReadOnly: true}
		switch {
		case v.Shared:
		case lv == levelOuter && inner:
			sc, ok := c.scalars[v.Col]
			if !ok {
				sc = &kernel.Column{Name: v.Name, Data: []float64{0}, Scalar: true}
				c.scalars[v.Col] = sc
				c.scalarOf = append(c.scalarOf, v.Col, sc)
			}
			b.Col = sc
		case lv == levelOuter:
			b.Via = c.outerAbs
		default:
			b.Via = c.rAbs
		}
		return b, true
	}
}

// lowerIn checks and lowers x at a level, with a message for names that
// connect cannot use.
func (c *connCtx) lowerIn(x expr.Expr, inner bool, field string) (*kernel.Expr, expr.Info, error) {
	s := c.s
	for _, n := range expr.Names(x) {
		lv, _, ok := c.classify(n)
		switch {
		case !ok && (n == "N_incoming" || n == "N_outgoing"):
			return nil, expr.Info{}, s.connectErr(field, expr.ErrorList{{Pos: firstUse(x, n), Msg: fmt.Sprintf("the connect statement cannot refer to '%s'", n)}})
		case !ok:
			return nil, expr.Info{}, s.connectErr(field, expr.ErrorList{{Pos: firstUse(x, n), Msg: fmt.Sprintf("'%s' is a variable of the synapses, which do not exist yet when they are created", n)}})
		case lv == levelInner && !inner:
			what := "the postsynaptic index or variables"
			if !c.overPre {
				what = "the presynaptic index or variables"
			}
			return nil, expr.Info{}, s.connectErr(field, expr.ErrorList{{Pos: firstUse(x, n), Msg: fmt.Sprintf("'%s' cannot depend on %s or the iterator (it uses %s)", expr.String(x), what, n)}})
		}
	}
	k, in, err := lower.Expr(x, c.scope(inner))
	if err != nil {
		return nil, in, s.connectErr(field, err)
	}
	return k, in, nil
}

func firstUse(x expr.Expr, n string) expr.Pos {
	p := x.Pos()
	found := false
	expr.Inspect(x, func(m expr.Node) bool {
		if nm, ok := m.(*expr.Name); ok && !found && nm.Name == n {
			p, found = nm.Pos(), true
		}
		return !found
	})
	if p < 0 {
		return 0
	}
	return p
}

func isInteger(in expr.Info) bool { return in.Kind == expr.Integer || in.Kind == expr.Boolean }

// compile builds the kernels of both levels.
func (c *connCtx) compile() error {
	g := c.g
	var outer []kernel.Stmt
	c.outerCol = map[string]*kernel.Column{}
	addOuter := func(key string, x expr.Expr, field string, check func(expr.Info) string) error {
		k, in, err := c.lowerIn(x, false, field)
		if err != nil {
			return err
		}
		if msg := check(in); msg != "" {
			return c.s.connectErr(field, expr.ErrorList{{Pos: x.Pos(), Msg: msg}})
		}
		col := &kernel.Column{Name: "_" + key, Data: make([]float64, c.outer.N())}
		c.outerCol[key] = col
		outer = append(outer, kernel.Set(col, k))
		return nil
	}
	integer := func(what string) func(expr.Info) string {
		return func(in expr.Info) string {
			if !in.Dim.IsDimensionless() || !isInteger(in) {
				return fmt.Sprintf("the '%s' argument of %s must be an integer, but it is %s", what, g.fn, dimOrKind(in))
			}
			return ""
		}
	}
	boolean := func(in expr.Info) string {
		if in.Kind != expr.Boolean {
			return fmt.Sprintf("the condition must be true or false, but it is %s", dimOrKind(in))
		}
		return ""
	}
	dimensionless := func(what string) func(expr.Info) string {
		return func(in expr.Info) string {
			if !in.Dim.IsDimensionless() {
				return fmt.Sprintf("%s must be dimensionless, but it is %s", what, dimOrKind(in))
			}
			return ""
		}
	}
	if g.cond != nil && !c.dependsInner(g.cond, true) {
		if err := addOuter("cond", g.cond, c.condField, boolean); err != nil {
			return err
		}
	} else if g.cond != nil {
		k, in, err := c.lowerIn(g.cond, true, c.condField)
		if err != nil {
			return err
		}
		if msg := boolean(in); msg != "" {
			return c.s.connectErr(c.condField, expr.ErrorList{{Pos: g.cond.Pos(), Msg: msg}})
		}
		if c.condK, err = kernel.CompileCondition(k); err != nil {
			return c.s.connectErr(c.condField, err)
		}
		c.condUsesResult = c.usesResultVars(g.cond)
	}
	for _, a := range []struct {
		key string
		x   expr.Expr
	}{{"low", g.low}, {"high", g.high}, {"step", g.step}} {
		if a.x == nil {
			continue
		}
		if err := addOuter(a.key, a.x, c.field, integer(a.key)); err != nil {
			return err
		}
	}
	if g.p != nil {
		if err := addOuter("p", g.p, c.field, dimensionless("p")); err != nil {
			return err
		}
	}
	if g.size != nil {
		if err := addOuter("size", g.size, c.field, integer("size")); err != nil {
			return err
		}
	}
	if len(outer) > 0 {
		k, err := kernel.Compile(outer)
		if err != nil {
			return c.s.connectErr(c.field, err)
		}
		c.outerK = k
	}
	if g.elem != nil {
		k, in, err := c.lowerIn(g.elem, true, c.field)
		if err != nil {
			return err
		}
		if !in.Dim.IsDimensionless() || in.Kind == expr.Boolean {
			return c.s.connectErr(c.field, expr.ErrorList{{Pos: g.elem.Pos(), Msg: fmt.Sprintf("the generator's element is an index: it must be an integer, but it is %s", dimOrKind(in))}})
		}
		if c.elemK, err = kernel.Compile([]kernel.Stmt{kernel.Set(c.rCol, k)}); err != nil {
			return c.s.connectErr(c.field, err)
		}
	}
	if c.pInner != nil {
		k, in, err := c.lowerIn(c.pInner, true, "p")
		if err != nil {
			return err
		}
		if msg := dimensionless("p")(in); msg != "" {
			return c.s.connectErr("p", expr.ErrorList{{Pos: c.pInner.Pos(), Msg: msg}})
		}
		c.pCol = &kernel.Column{Name: "_p"}
		if c.pK, err = kernel.Compile([]kernel.Stmt{kernel.Set(c.pCol, k)}); err != nil {
			return c.s.connectErr("p", err)
		}
	}
	if c.nExpr != nil {
		k, in, err := c.lowerIn(c.nExpr, true, c.nField)
		if err != nil {
			return err
		}
		if !in.Dim.IsDimensionless() || !isInteger(in) {
			return c.s.connectErr(c.nField, expr.ErrorList{{Pos: c.nExpr.Pos(), Msg: fmt.Sprintf("n is a number of synapses: it must be an integer, but it is %s", dimOrKind(in))}})
		}
		c.nCol = &kernel.Column{Name: "_n"}
		if c.nK, err = kernel.Compile([]kernel.Stmt{kernel.Set(c.nCol, k)}); err != nil {
			return c.s.connectErr(c.nField, err)
		}
	}
	return nil
}

// outerValue returns an outer-level value for outer index o, or def.
func (c *connCtx) outerValue(key string, o int, def float64) float64 {
	if col, ok := c.outerCol[key]; ok {
		return col.Data[o]
	}
	return def
}

// grow makes the candidate buffers hold m elements.
func (c *connCtx) grow(m int) {
	for _, col := range []*kernel.Column{c.kCol, c.rCol, c.pCol, c.nCol} {
		if col != nil && len(col.Data) < m {
			col.Data = make([]float64, m+m/4)
		}
	}
	if len(c.rAbs.Data) < m {
		c.rAbs.Data = make([]int32, m+m/4)
	}
}

// run evaluates the generator. For generators of j (over presynaptic
// neurons) the synapses come grouped by source neuron in order: pre is nil
// and counts[i] is the number of synapses of source neuron i; otherwise
// pre and post list the pairs in creation order.
func (c *connCtx) run() (pre, counts, post []int32, err error) {
	if err := c.compile(); err != nil {
		return nil, nil, nil, err
	}
	s := c.s
	rng := s.net.rng
	nOuter, nRes := c.outer.N(), c.res.N()
	if c.outerK != nil {
		c.outerK.Run(0, nOuter, rng)
	}
	if c.overPre {
		counts = make([]int32, nOuter)
	}
	if c.g.fn == "sample" && c.g.p != nil && c.condK == nil && c.pK == nil && c.nK == nil {
		// room for the expected number of synapses, and a little more
		var sum float64
		for o := 0; o < nOuter; o++ {
			pr := math.Min(math.Max(c.outerValue("p", o, 0), 0), 1)
			n := rangeLen(int(c.outerValue("low", o, 0)), int(c.outerValue("high", o, 0)), int(c.outerValue("step", o, 1)))
			sum += pr * float64(n)
		}
		if sum < 1<<31 {
			post = make([]int32, 0, int(sum+4*math.Sqrt(sum)+16))
		}
	}
	var kv, cand, keep []int32 // inner values, result indices, kept positions
	// filter keeps the candidates k for which ok(k), in order.
	filter := func(ok func(k int) bool) {
		w := 0
		for k := range cand {
			if ok(k) {
				kv[w], cand[w] = kv[k], cand[k]
				w++
			}
		}
		kv, cand = kv[:w], cand[:w]
	}
	// fill loads the candidates into the inner level's columns.
	fill := func() {
		c.grow(len(cand))
		for k, r := range cand {
			c.kCol.Data[k] = float64(kv[k])
			c.rCol.Data[k] = float64(r)
			if r >= 0 && int(r) < nRes {
				c.rAbs.Data[k] = r + int32(c.res.Start)
			} else {
				c.rAbs.Data[k] = int32(c.res.Start) // never read: the condition does not use it
			}
		}
	}
	// inRange drops result indices outside the result group (SkipIfInvalid)
	// or fails.
	inRange := func(o int) error {
		for _, r := range cand {
			if r < 0 || int(r) >= nRes {
				if c.skip {
					filter(func(k int) bool { return cand[k] >= 0 && int(cand[k]) < nRes })
					return nil
				}
				msg := fmt.Sprintf("index %s=%d outside allowed range from 0 to %d (for %s=%d)", c.resName, r, nRes-1, c.outerName, o)
				if c.condUsesResult {
					msg += ", and the condition refers to a " + map[bool]string{true: "post", false: "pre"}[c.overPre] + "synaptic variable"
				}
				return s.connectErr(c.field, genErr(0, "%s (SkipIfInvalid skips such indices)", msg))
			}
		}
		return nil
	}
	for o := 0; o < nOuter; o++ {
		if c.outerValue("cond", o, 1) == 0 {
			continue
		}
		lowF := c.outerValue("low", o, 0)
		highF := c.outerValue("high", o, 0)
		stepF := c.outerValue("step", o, 1)
		for _, v := range []float64{lowF, highF, stepF} {
			if !(math.Abs(v) < 1<<31) {
				return nil, nil, nil, s.connectErr(c.field, genErr(0, "the arguments of %s are %v, %v, %v for %s=%d: they must be integers of a sensible size", c.g.fn, lowF, highF, stepF, c.outerName, o))
			}
		}
		low, high, step := int(lowF), int(highF), int(stepF)
		if step == 0 {
			return nil, nil, nil, s.connectErr(c.field, genErr(0, "the step of %s must not be zero", c.g.fn))
		}
		if n := rangeLen(low, high, step); n > maxCandidates {
			return nil, nil, nil, s.connectErr(c.field, genErr(0, "%s(%d, %d, %d) has %d elements for %s=%d, more than myelin considers (%d)", c.g.fn, low, high, step, n, c.outerName, o, maxCandidates))
		}
		kv = kv[:0]
		switch {
		case c.g.fn == "range":
			kv = appendRange(kv, low, high, step)
		case c.g.p != nil:
			kv = sampleP(rng, kv, low, high, step, c.outerValue("p", o, 0))
		default:
			size := c.outerValue("size", o, 0)
			if !(math.Abs(size) < 1<<31) {
				return nil, nil, nil, s.connectErr(c.field, genErr(0, "the sample size %v is not sensible", size))
			}
			var err error
			kv, err = sampleSize(rng, kv, low, high, step, int(size), c.skip)
			if err != nil {
				return nil, nil, nil, s.connectErr(c.field, genErr(0, "%v", err))
			}
		}
		if len(kv) == 0 {
			continue
		}
		cand = append(cand[:0], kv...)
		c.oCol.Data[0] = float64(o)
		for k := 0; k+1 < len(c.scalarOf); k += 2 {
			c.scalarOf[k+1].Data[0] = c.scalarOf[k].Data[o+c.outer.Start]
		}
		if c.elemK != nil {
			fill()
			c.elemK.Run(0, len(cand), rng)
			for k := range cand {
				r := c.rCol.Data[k]
				if r != math.Trunc(r) || math.Abs(r) > 1<<31-1 {
					return nil, nil, nil, s.connectErr(c.field, genErr(0, "the generator gives %s = %v for %s = %d, which is not an index", c.resName, r, c.outerName, o))
				}
				cand[k] = int32(r)
			}
		}
		if c.condK != nil {
			if c.condUsesResult {
				if err := inRange(o); err != nil {
					return nil, nil, nil, err
				}
			}
			fill()
			keep = c.condK.Select(0, len(cand), rng, keep[:0])
			if len(keep) < len(cand) {
				for w, k := range keep {
					kv[w], cand[w] = kv[k], cand[k]
				}
				kv, cand = kv[:len(keep)], cand[:len(keep)]
			}
		}
		if err := inRange(o); err != nil {
			return nil, nil, nil, err
		}
		if c.pK != nil && len(cand) > 0 {
			fill()
			c.pK.Run(0, len(cand), rng)
			filter(func(k int) bool { return rng.Float64() < c.pCol.Data[k] })
		}
		if c.nK != nil && len(cand) > 0 {
			fill()
			c.nK.Run(0, len(cand), rng)
		}
		if len(post)+len(cand) > maxSynapses {
			return nil, nil, nil, fmt.Errorf("%s: connecting would make more than %d synapses", s.name, maxSynapses)
		}
		for k, r := range cand {
			reps := 1
			if c.nK != nil {
				nv := c.nCol.Data[k]
				if !(nv >= 0 && nv < 1<<20) || nv != math.Trunc(nv) {
					return nil, nil, nil, s.connectErr(c.nField, genErr(0, "n must be a whole number of synapses, not %v", nv))
				}
				reps = int(nv)
			}
			if s.n+len(post)+reps > maxSynapses {
				return nil, nil, nil, fmt.Errorf("%s: connecting would make more than %d synapses", s.name, maxSynapses)
			}
			for ; reps > 0; reps-- {
				if c.overPre {
					counts[o]++
					post = append(post, r)
				} else {
					pre = append(pre, r)
					post = append(post, int32(o))
				}
			}
		}
	}
	return pre, counts, post, nil
}

// maxCandidates bounds the elements of one range or sample, so that a
// mistyped generator fails instead of exhausting the memory; maxSynapses is
// Brian2's MAX_SYNAPSES (synapse indices are int32).
const (
	maxCandidates = 1 << 24
	maxSynapses   = math.MaxInt32
)

// appendRange appends Python's range(low, high, step).
func appendRange(out []int32, low, high, step int) []int32 {
	if step > 0 {
		for v := low; v < high; v += step {
			out = append(out, int32(v))
		}
	} else {
		for v := low; v > high; v += step {
			out = append(out, int32(v))
		}
	}
	return out
}

// rangeLen is the number of elements of range(low, high, step).
func rangeLen(low, high, step int) int {
	if step > 0 {
		if high <= low {
			return 0
		}
		return (high-low-1)/step + 1
	}
	if high >= low {
		return 0
	}
	return (low-high-1)/(-step) + 1
}

// sampleP appends each element of range(low, high, step) with probability
// p, in order: one uniform number per element for large p, geometric jumps
// between chosen elements (one logarithm per synapse) for small p, so that
// the cost follows the number of synapses rather than of pairs (Brian2's
// numpy target does the same with a threshold of 0.25).
func sampleP(rng *rand.Rand, out []int32, low, high, step int, p float64) []int32 {
	n := rangeLen(low, high, step)
	switch {
	case n <= 0 || !(p > 0):
		return out
	case p >= 1:
		return appendRange(out, low, high, step)
	case p > 0.1:
		// a uniform number costs a few ns, a logarithm some 40: jumps pay
		// off below p = 0.1
		for k := 0; k < n; k++ {
			if rng.Float64() < p {
				out = append(out, int32(low+k*step))
			}
		}
		return out
	}
	lq := fmath.Log1p(-p)
	pos := -1.0
	for {
		// the number of failures before the next success is
		// floor(log(U)/log(1-p)) for U uniform in (0, 1]
		pos += math.Floor(fmath.Log(1-rng.Float64())/lq) + 1
		if pos >= float64(n) {
			return out
		}
		out = append(out, int32(low+int(pos)*step))
	}
}

// sampleSize appends size distinct elements of range(low, high, step),
// chosen at random, in order.
func sampleSize(rng *rand.Rand, out []int32, low, high, step, size int, skip bool) ([]int32, error) {
	n := rangeLen(low, high, step)
	switch {
	case n <= 0 || size == 0:
		return out, nil
	case size < 0:
		if skip {
			return out, nil
		}
		return out, fmt.Errorf("requested sample size %d is negative", size)
	case size > n:
		if !skip {
			return out, fmt.Errorf("requested sample size %d is bigger than the population size %d", size, n)
		}
		size = n
	}
	if size == n {
		return appendRange(out, low, high, step), nil
	}
	if size*4 >= n {
		// selection sampling (Knuth's algorithm S): one draw per element
		left := size
		for k := 0; k < n && left > 0; k++ {
			if float64(n-k)*rng.Float64() < float64(left) {
				out = append(out, int32(low+k*step))
				left--
			}
		}
		return out, nil
	}
	// Floyd's algorithm: size draws
	start := len(out)
	chosen := make(map[int]bool, size)
	for j := n - size; j < n; j++ {
		t := rng.IntN(j + 1)
		if chosen[t] {
			t = j
		}
		chosen[t] = true
		out = append(out, int32(t))
	}
	slices.Sort(out[start:])
	for k := start; k < len(out); k++ {
		out[k] = int32(low + int(out[k])*step)
	}
	return out, nil
}

// addSynapses adds new synapses, given in creation order: pairs pre[k] →
// post[k] (relative to the source and target), or, when pre is nil,
// counts[i] synapses of each source neuron i in order, whose targets are
// post. Existing synapses keep their order; the new ones follow those of
// the same source neuron.
func (s *Synapses) addSynapses(pre, counts, post []int32) {
	nNew := len(post)
	if nNew == 0 {
		return
	}
	for _, p := range s.pathways {
		p.neuronsToSyns() // the queued spikes go to the synapses of now
	}
	nSrc := s.src.N()
	if pre != nil {
		counts = make([]int32, nSrc)
		sorted := true
		for k, i := range pre {
			counts[i]++
			if k > 0 && pre[k-1] > i {
				sorted = false
			}
		}
		if sorted {
			pre = nil // grouped by source neuron, in order
		}
	}
	nOld := s.n
	total := nOld + nNew
	toff := int32(s.tgt.Start)
	if nOld == 0 && pre == nil {
		// the common case: the first synapses, in order
		s.post.Data = make([]int32, total)
		for k, j := range post {
			s.post.Data[k] = j + toff
		}
		for k := 0; k < nSrc; k++ {
			s.ptr[k+1] = s.ptr[k] + counts[k]
		}
		for _, col := range s.perSyn {
			col.Data = make([]float64, total)
		}
		s.n = total
		s.finishConnect()
		return
	}
	// the new layout
	newPtr := make([]int32, nSrc+1)
	for k := 0; k < nSrc; k++ {
		newPtr[k+1] = newPtr[k] + (s.ptr[k+1] - s.ptr[k]) + counts[k]
	}
	oldToNew := make([]int32, nOld)
	for k := 0; k < nSrc; k++ {
		for j := s.ptr[k]; j < s.ptr[k+1]; j++ {
			oldToNew[j] = newPtr[k] + (j - s.ptr[k])
		}
	}
	fill := make([]int32, nSrc) // the next slot of each source neuron's new synapses
	for k := 0; k < nSrc; k++ {
		fill[k] = newPtr[k] + (s.ptr[k+1] - s.ptr[k])
	}
	newDest := make([]int32, nNew)
	if pre == nil {
		c := 0
		for k := 0; k < nSrc; k++ {
			for r := int32(0); r < counts[k]; r++ {
				newDest[c] = fill[k]
				fill[k]++
				c++
			}
		}
	} else {
		for c, i := range pre {
			newDest[c] = fill[i]
			fill[i]++
		}
	}
	postData := make([]int32, total)
	for j := 0; j < nOld; j++ {
		postData[oldToNew[j]] = s.post.Data[j]
	}
	for c, d := range newDest {
		postData[d] = post[c] + toff
	}
	s.post.Data = postData
	for _, col := range s.perSyn {
		d := make([]float64, total)
		for j := 0; j < nOld; j++ {
			d[oldToNew[j]] = col.Data[j]
		}
		col.Data = d
	}
	seq := make([]int32, total)
	identity := true
	for j := 0; j < nOld; j++ {
		v := int32(j)
		if s.seq != nil {
			v = s.seq[j]
		}
		seq[oldToNew[j]] = v
	}
	for c, d := range newDest {
		seq[d] = int32(nOld + c)
	}
	for k, v := range seq {
		if int32(k) != v {
			identity = false
			break
		}
	}
	s.seq = nil
	if !identity {
		s.seq = seq
	}
	copy(s.ptr, newPtr)
	for _, p := range s.pathways {
		p.remap(oldToNew)
	}
	s.n = total
	s.finishConnect()
}

// finishConnect updates what depends on the synapses: N, N_incoming,
// N_outgoing, the presynaptic index, the lists of post pathways, and the
// delays of the queues.
func (s *Synapses) finishConnect() {
	s.nCol.Data[0] = float64(s.n)
	clear(s.nIn.Data)
	for _, j := range s.post.Data[:s.n] {
		s.nIn.Data[j]++
	}
	for k := 0; k < s.src.N(); k++ {
		s.nOut.Data[k+s.src.Start] = float64(s.ptr[k+1] - s.ptr[k])
	}
	s.syncPre()
	s.numberMultisynapses()
	s.syncLinksQuiet()
	for _, p := range s.pathways {
		if p.post {
			p.buildTargetIndex()
		}
		p.dirty = true
	}
}

// String describes the synapses briefly, for messages.
func (s *Synapses) String() string {
	return s.name + " (" + strconv.Itoa(s.n) + " synapses from " + s.src.Name() + " to " + s.tgt.Name() + ")"
}
