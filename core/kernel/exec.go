package kernel

import (
	"fmt"
	"math/rand/v2"
)

// BlockSize is the number of elements a kernel processes at a time: every
// operation runs over a block before the next one starts, so that the
// temporaries of a block (BlockSize float64s each) stay in the L1 cache.
// It is part of the semantics of random numbers: a kernel with several
// random calls draws, block by block, all the numbers of its first call
// site for the block's elements, then those of the second, and so on.
const BlockSize = 256

const maxArgs = 14

// exec is the state of a kernel while it runs: the current block's views
// of its operands.
type exec struct {
	v   [][]float64 // vector slots: column views, temporaries, constants
	s   []float64   // scalar slots: constants and per-call invariants
	n   int         // elements in the current block
	lo  int         // first element of the block (range runs)
	ix  []int32     // the block's elements (index runs), nil in range runs
	rng *rand.Rand
	out []int32 // selected elements (conditions)
	pos []int32 // scratch: the targets of a scatter in index runs
}

// instr is one block operation.
type instr struct {
	fn    func(*exec, *instr)
	dst   int32
	a     [maxArgs]int32
	spec  int16 // index in opSpecs, or -1 for the operations of ops.go
	sp    special
	flush bool // the operation checks its results for subnormal numbers
	aop   AssignOp
	n     int32 // powi's exponent; bit flags of operand kinds for others
	col   *Column
	via   *Index
	ta    *TimedArray
}

// sinstr is one instruction of the per-call scalar code.
type sinstr struct {
	kind    skind
	op      iop
	dst     int32
	a, b, c int32
	n       int
	col     *Column
	ta      *TimedArray
}

type skind uint8

const (
	sEval  skind = iota // s[dst] = op(s[a], s[b], s[c])
	sLoad               // s[dst] = col.Data[0]
	sStore              // col.Data[0] = flush(s[a])
)

// view is a column read or written element by element: in range runs its
// slot is the column's slice for the block; in index runs, a buffer gathered
// before and scattered back after the block.
type view struct {
	slot         int32
	col          *Column
	read, writes bool
}

// fixedSlot is a vector slot with its own buffer for the whole run: a
// temporary, or the vector of ones (init non-nil).
type fixedSlot struct {
	slot int32
	init []float64
}

// program is the compiled, immutable part of a kernel, shared by clones.
type program struct {
	prog     []instr // the block operations, checking what they store for subnormal numbers
	fast     []instr // the same without the checks (see unchecked)
	pro      []sinstr
	views    []view
	nvec     int
	fixed    []fixedSlot
	scal0    []float64 // initial scalar slots (the constants)
	cond     bool
	random   bool
	vecCols  []*Column // vector columns read or written element by element
	scalCols []*Column
	vias     []*Index // index arrays read in range runs
	listing  string
	stmts    []Stmt
	condExpr *Expr
	// ones is the slot of the vector of ones (-1: none); oneOp is set
	// when a program of one operation may run over a whole range at once
	// (see runRange)
	ones  int32
	oneOp bool
}

// Kernel is a compiled block of statements (see [Compile]) or condition
// (see [CompileCondition]). It runs over a range of elements or a list of
// them. A Kernel holds scratch buffers and is not safe for concurrent use;
// [Kernel.Clone] gives another one that shares the compiled code.
type Kernel struct {
	p     *program
	x     exec
	vbufs [][]float64 // the views' buffers for index runs
	ones  []float64   // ones for runs over a whole range (see runRange)
}

// FlushEvery is how often, in time steps, a simulation's range runs check
// what they store for subnormal numbers and flush them to zero. The
// caller decides, run by run: [Kernel.Run] checks every store, and
// [Kernel.RunFlush] checks only when told to; [FlushStep] is the rule a
// simulation uses, a function of the network's step and the kernel's clock
// alone. Index runs ([Kernel.RunIndices]), scatters and scalar stores
// check every store.
//
// Checking every store costs a comparison per stored value, a fifth of a
// LIF network's step; checking periodically costs nothing measurable and
// still bounds how long a value can stay subnormal. A state update runs
// once per time step and rewrites every element of the columns it stores,
// so a value that becomes subnormal is zero again within FlushEvery steps.
// A variable decaying by exp(-dt/tau) = 0.98 per step (tau = 5 ms, dt =
// 0.1 ms) takes ln(2^52)/-ln(0.98) = 1 784 steps to fall through the 52
// binades of subnormal numbers to zero unflushed: the periodic flush cuts
// that slow stretch to at most 64 steps (3.6% of it), where a value may
// compute more slowly on processors that trap subnormal arithmetic.
//
// The decision depends on the step, not on the kernel's history (how
// often it ran before), so a simulation continued from a stored state, or
// carried into a rebuilt network, flushes on the same steps as one that
// ran straight through, and clones that run the chunks of a range between
// them, in any order and on any goroutine, with the same flag, give the
// bits of one kernel over the whole range.
const FlushEvery = 64

// FlushStep reports whether a kernel run at a simulation's step (counted
// from 0) by a clock that runs it every `every` steps (at the multiples of
// every) should check its stores (see [FlushEvery]): when the steps since
// its previous run, step-every+1 to step, include a multiple of
// FlushEvery. Every kernel therefore checks at step 0, one that runs each
// step checks at the multiples of FlushEvery, and one that runs every
// FlushEvery steps or less often checks on every run: no value stays
// subnormal for more than FlushEvery+every-1 steps.
func FlushStep(step, every int64) bool {
	if every < 1 {
		every = 1
	}
	return step < 0 || every >= FlushEvery || step%FlushEvery < every
}

func newKernel(p *program) *Kernel {
	k := &Kernel{p: p}
	x := &k.x
	x.v = make([][]float64, p.nvec)
	x.s = append([]float64(nil), p.scal0...)
	x.pos = make([]int32, BlockSize)
	scratch := make([]float64, (len(p.fixed)+len(p.views))*BlockSize)
	i := 0
	next := func() []float64 {
		b := scratch[i*BlockSize : (i+1)*BlockSize : (i+1)*BlockSize]
		i++
		return b
	}
	for _, f := range p.fixed {
		b := next()
		copy(b, f.init)
		x.v[f.slot] = b
	}
	k.vbufs = make([][]float64, len(p.views))
	for j := range p.views {
		k.vbufs[j] = next()
	}
	return k
}

// Clone returns a kernel that shares k's compiled code but has its own
// scratch buffers, for running on another goroutine over other elements.
func (k *Kernel) Clone() *Kernel { return newKernel(k.p) }

// Random reports whether the kernel draws random numbers, and so needs a
// generator.
func (k *Kernel) Random() bool { return k.p.random }

// Condition reports whether the kernel is a condition (run it with Select
// and SelectIndices) rather than a block of statements (Run, RunIndices).
func (k *Kernel) Condition() bool { return k.p.cond }

func (k *Kernel) start(rng *rand.Rand) {
	if k.p.random && rng == nil {
		panic("kernel: this kernel draws random numbers, but the generator is nil")
	}
	x := &k.x
	x.rng = rng
	runScalar(x, k.p.pro)
}

func (k *Kernel) checkRange(lo, hi int) {
	if lo < 0 || hi < lo {
		panic(fmt.Sprintf("kernel: bad element range [%d, %d)", lo, hi))
	}
	for _, c := range k.p.vecCols {
		if len(c.Data) < hi {
			panic(fmt.Sprintf("kernel: column %s has %d values, but the run needs %d", colName(c), len(c.Data), hi))
		}
	}
	for _, v := range k.p.vias {
		if len(v.Data) < hi {
			panic(fmt.Sprintf("kernel: index %s has %d values, but the run needs %d", indexName(v), len(v.Data), hi))
		}
	}
	for _, c := range k.p.scalCols {
		if len(c.Data) < 1 {
			panic(fmt.Sprintf("kernel: scalar column %s has no value", colName(c)))
		}
	}
}

// Run executes the kernel on the elements [lo, hi), checking every value it
// stores for subnormal numbers. rng supplies the random numbers (it may be
// nil when the kernel draws none).
func (k *Kernel) Run(lo, hi int, rng *rand.Rand) { k.RunFlush(lo, hi, rng, true) }

// RunFlush is [Kernel.Run] that checks the values it stores element by
// element for subnormal numbers only when flush is set (scatters and
// scalar stores always check): a simulation runs its kernels unchecked
// between the steps that [FlushStep] picks, which saves a comparison per
// stored value (see [FlushEvery]).
func (k *Kernel) RunFlush(lo, hi int, rng *rand.Rand, flush bool) {
	if k.p.cond {
		panic("kernel: Run on a condition; use Select")
	}
	k.checkRange(lo, hi)
	k.start(rng)
	prog := k.p.prog
	if !flush {
		prog = k.p.fast
	}
	k.runRange(prog, lo, hi)
	k.x.rng = nil
}

// RunIndices executes the kernel on the elements listed in idx, in order
// (the spiking neurons, say). The indices should not repeat.
func (k *Kernel) RunIndices(idx []int32, rng *rand.Rand) {
	if k.p.cond {
		panic("kernel: RunIndices on a condition; use SelectIndices")
	}
	k.checkIndices(idx)
	k.start(rng)
	k.runIndices(idx)
	k.x.rng = nil
}

// Select evaluates the condition on the elements [lo, hi) and appends to out
// the elements where it is true (non-zero), in increasing order. It does not
// allocate when out has the capacity.
func (k *Kernel) Select(lo, hi int, rng *rand.Rand, out []int32) []int32 {
	if !k.p.cond {
		panic("kernel: Select on a block of statements; use Run")
	}
	k.checkRange(lo, hi)
	k.start(rng)
	k.x.out = out
	k.runRange(k.p.prog, lo, hi)
	out = k.x.out
	k.x.out, k.x.rng = nil, nil
	return out
}

// SelectIndices evaluates the condition on the elements listed in idx and
// appends those where it is true to out, in the order of idx.
func (k *Kernel) SelectIndices(idx []int32, rng *rand.Rand, out []int32) []int32 {
	if !k.p.cond {
		panic("kernel: SelectIndices on a block of statements; use RunIndices")
	}
	k.checkIndices(idx)
	k.start(rng)
	k.x.out = out
	k.runIndices(idx)
	out = k.x.out
	k.x.out, k.x.rng = nil, nil
	return out
}

func (k *Kernel) checkIndices(idx []int32) {
	max := int32(-1)
	for _, i := range idx {
		if i < 0 {
			panic(fmt.Sprintf("kernel: negative element index %d", i))
		}
		if i > max {
			max = i
		}
	}
	k.checkRange(0, int(max)+1)
}

// wideRuns turns on the runs of one operation over a whole range (see
// runRange); tests turn it off to compare.
var wideRuns = true

// runRange runs prog (the program, or its unchecked form) over [lo, hi)
// block by block, or, when prog is one operation that draws no random
// numbers and reads or writes nothing through an index, over the whole
// range at once: one operation gains nothing from blocks (it passes over
// its columns once either way), and in WebAssembly the setting up of each
// block (the views, the call, the operation's own operands) cost a
// quarter of CUBA 4 000's step. Each element's operations and their order
// are the same either way: only random numbers (drawn block by block) and
// reads through an index of what the program writes could tell blocks
// apart, and neither is in such a program. The vector of ones, the one
// vector slot such an operation may read besides its columns, then
// covers the range.
func (k *Kernel) runRange(prog []instr, lo, hi int) {
	x := &k.x
	p := k.p
	x.ix = nil
	if hi-lo > BlockSize && len(prog) == 1 && p.oneOp && wideRuns {
		n := hi - lo
		x.lo, x.n = lo, n
		for i := range p.views {
			vw := &p.views[i]
			x.v[vw.slot] = vw.col.Data[lo:hi:hi]
		}
		var block []float64
		if p.ones >= 0 {
			if len(k.ones) < n {
				k.ones = make([]float64, n)
				for i := range k.ones {
					k.ones[i] = 1
				}
			}
			block = x.v[p.ones]
			x.v[p.ones] = k.ones[:n:n]
		}
		in := &prog[0]
		in.fn(x, in)
		if p.ones >= 0 {
			x.v[p.ones] = block
		}
		return
	}
	for b := lo; b < hi; b += BlockSize {
		n := min(BlockSize, hi-b)
		x.lo, x.n = b, n
		for i := range p.views {
			vw := &p.views[i]
			x.v[vw.slot] = vw.col.Data[b : b+n : b+n]
		}
		for i := range prog {
			in := &prog[i]
			in.fn(x, in)
		}
	}
}

func (k *Kernel) runIndices(idx []int32) {
	x := &k.x
	p := k.p
	for b := 0; b < len(idx); b += BlockSize {
		n := min(BlockSize, len(idx)-b)
		ix := idx[b : b+n : b+n]
		x.lo, x.n, x.ix = 0, n, ix
		for i := range p.views {
			vw := &p.views[i]
			buf := k.vbufs[i][:n]
			if vw.read {
				d := vw.col.Data
				for j, e := range ix {
					buf[j] = d[e]
				}
			}
			x.v[vw.slot] = buf
		}
		prog := p.prog
		for i := range prog {
			in := &prog[i]
			in.fn(x, in)
		}
		for i := range p.views {
			vw := &p.views[i]
			if vw.writes {
				d := vw.col.Data
				buf := k.vbufs[i][:n]
				for j, e := range ix {
					d[e] = buf[j]
				}
			}
		}
	}
	x.ix = nil
}

// runScalar runs the per-call scalar code.
func runScalar(x *exec, pro []sinstr) {
	s := x.s
	for i := range pro {
		in := &pro[i]
		switch in.kind {
		case sLoad:
			s[in.dst] = in.col.Data[0]
		case sStore:
			in.col.Data[0] = flush(s[in.a])
		default:
			s[in.dst] = evalScalarOp(x, in)
		}
	}
}

func evalScalarOp(x *exec, in *sinstr) float64 {
	s := x.s
	switch {
	case in.op.unary():
		return eval1(in.op, s[in.a])
	case in.op.binary():
		return eval2(in.op, s[in.a], s[in.b])
	}
	switch in.op {
	case iClip:
		return clip(s[in.a], s[in.b], s[in.c])
	case iPowi:
		return powi(s[in.a], in.n)
	case iRand:
		return uniform(x.rng)
	case iRandn:
		return gauss(x.rng)
	case iPoisson:
		return poisson(x.rng, s[in.a])
	case iLookup:
		if in.ta.TwoD {
			return in.ta.At2(s[in.a], s[in.b])
		}
		return in.ta.At(s[in.a])
	}
	panic("kernel: bad scalar instruction " + in.op.String())
}
