// Package kernel is myelin's engine: it compiles Brian2's abstract code —
// statements that the layer above has parsed, unit-checked and
// constant-folded, every quantity in SI units — into kernels that run over
// whole ranges or lists of elements of struct-of-arrays state, fast,
// natively and in WebAssembly, with no compiler at run time.
//
// # What it owns
//
// The intermediate representation the layer above lowers code strings into
// ([Expr], [Stmt], [Column], [Index], [TimedArray]); the compiler from it to
// kernels ([Compile], [CompileCondition]); and the runtime ([Kernel.Run],
// [Kernel.RunIndices], [Kernel.Select], [Kernel.SelectIndices]), including
// Brian2's semantics of operators and functions, random numbers, TimedArray
// lookups and the flushing of subnormal numbers. It knows nothing of groups,
// synapses, clocks or units.
//
// # The intermediate representation
//
// State lives in columns: a [Column] is a []float64, either a vector (one
// value per element) or a scalar (t, dt, N, shared variables). An [Index] is
// an []int32 such as the post-synaptic neuron of every synapse.
//
// An [Expr] is a tree: constants, column reads (element k of a vector, or
// the scalar), gathers through an index (v_post: v[post[k]]), temporaries,
// the element index i, unary - and not, the binary operators + - * / // % **
// < <= > >= == != and or with Python's semantics (// floors, % takes the
// sign of the divisor, comparisons and logic give 1 or 0), the built-in
// functions of Brian2 ([Func]: exp, log, ..., exprel, clip, int, timestep,
// rand, randn, poisson) and [TimedArray] lookups ta(t) and ta(t, i).
//
// A block is a list of [Stmt]: target = expr, or += -= *= /=. Targets are a
// vector column (element k), a temporary of the block (Brian2's _v, _k_1
// ...), a vector column through an index (a scatter: ge_post += w adds
// w[k] to ge[post[k]] for every synapse k, repeated indices accumulating in
// element order), or a scalar column when the value does not vary over
// elements (evaluated once per call). Statements run in order and each sees,
// for the same element, what the earlier ones wrote. A condition is an
// [Expr] compiled by [CompileCondition]; Select appends the elements where
// it is non-zero to a caller's []int32.
//
// # Execution
//
// Interpreting code element by element costs 10 to 20 times a hand-written
// loop, and running one operation at a time over whole columns 2 to 3 times
// (research/stack-spike.md §6). A kernel therefore does three things:
//
//   - Invariant hoisting. Everything that depends only on constants and
//     scalar columns — exp(-dt/tau), a TimedArray read at t, a scalar
//     statement — is computed once per call by a short scalar program;
//     subexpressions that are all constants are folded at compile time.
//     Lowering also merges equal subexpressions, so a rate function that the
//     integrator substituted into several updates is computed once.
//   - Blocks. The rest is a list of operations, each a straight-line loop
//     over a block of [BlockSize] (256) elements, unrolled four times: a
//     block's temporaries (2 KiB each) stay in the L1 cache, and the cost of
//     dispatching an operation is spread over 256 elements. There is no tree
//     walk, map lookup, interface call or allocation per element, and no
//     allocation per call.
//   - Superinstructions. Operations are chosen by tiling the expression
//     tree with fused shapes generated in ops_gen.go: x*a + b in every
//     vector/scalar combination, (x - c)*k, products of a vector and
//     invariant factors, exp(x*k), and chains y0 + y1*c1 + y2*c2 + y3*c3
//     whose base may be affine, ((x - c)*k + b) — the linear update with
//     precomputed propagators. A chain whose terms' columns decay in the same
//     step (ge = ge*exp(-dt/taue)) computes those decays in its own loop, so
//     Brian2's exact integration of a LIF neuron with exponential synapses
//     is one loop, like the hand-written one. Brian2's "_v = ...; v = _v"
//     statements compute straight into the columns, ordered so that no
//     value is overwritten while still needed (one temporary breaks a
//     cycle, as in Hodgkin-Huxley's v and m, n, h). Refractoriness has
//     fused operations of its own (ops_fused.go): a threshold
//     "(v > v_th) and not_refractory" selects in one pass, and the
//     conditional write x*int(m) + (1 - int(m))*y of a variable held during
//     refractoriness is one loop, together with x when x is a chain.
//
// [Kernel.String] disassembles a kernel.
//
// # Exactness
//
// Every rewriting is exact: a kernel gives the bits of evaluating each
// statement's tree in order, one IEEE operation at a time (commuting an
// addition or a product, or writing a - b as a + (-b), never changes a
// result; reassociating would, and is never done). Every product that feeds
// an addition is written float64(x*y) + z, so that no platform fuses a
// multiply-add. x**n for an integer constant n is multiplied out in the
// order Go's (and core/fmath's) Pow uses, giving its bits.
//
// The transcendental functions are called through funcs.go only. While they
// are Go's math functions, amd64 (whose math.Exp is assembly) and
// WebAssembly differ in the last bit of exp for about one input in six;
// once funcs.go calls core/fmath, results are identical on every platform.
//
// # Semantics worth knowing
//
//   - Subnormal numbers: a value stored into a column whose magnitude is
//     below [MinNormal] is replaced by zero (keeping its sign) by every
//     index run, every scalar store and scatter, and by range runs
//     ([Kernel.Run], and [Kernel.RunFlush] when told to check: a
//     simulation checks on the steps [FlushStep] picks, every
//     [FlushEvery] steps of the network); the other range runs store
//     subnormal numbers as they are, so a variable that a state update
//     decays stays subnormal for at most FlushEvery steps. Decaying variables would otherwise sink into
//     subnormal numbers, on which arithmetic is about 20 times slower on
//     some processors. The check is a branch-free reduction fused into each
//     storing loop, with a fix-up pass only for blocks that produced a
//     subnormal number.
//   - Random numbers come from the *rand.Rand passed to each call, in a
//     fixed order: first the draws of scalar statements, then block by block
//     (BlockSize elements), each random call site in program order drawing
//     for the block's elements in order. A kernel with one call site thus
//     draws in element order. Every draw happens, used or not. randn is a
//     ziggurat and poisson Brian2's (numpy's) algorithm, written with the
//     functions of funcs.go.
//   - int() truncates toward zero (as Brian2's generated C does); sign is
//     numpy's; clip is numpy's clip. TimedArray lookups follow Brian2's C++
//     and Cython targets (see [TimedArray]).
//   - A kernel runs each statement over a block before the next one, which
//     is Brian2's element-by-element semantics except where elements
//     interact: a scatter whose expression reads its own target through the
//     same index, or a column read through an index after it is written in
//     the same kernel (Brian2 rejects such code as order-dependent).
//     Accessing a column both element by element and through an index in a
//     kernel that writes it is refused at compile time.
//   - A [Kernel] holds scratch buffers and is not safe for concurrent use;
//     [Kernel.Clone] makes another that shares the compiled code.
package kernel

//go:generate go run ./internal/gen
