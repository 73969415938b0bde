package sim

import (
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/myelin-sim/myelin/core/kernel"
)

// Parallel runs.
//
// The state update, the refractoriness and the thresholds (spikes and
// custom events) of a large group, the state update of large Synapses, and
// a SpatialNeuron's gtot/I0 and constant-over-dt kernels are spread over
// Network.Threads goroutines: [0, N) is cut into contiguous chunks whose
// boundaries are multiples of kernel.BlockSize, and each goroutine runs its
// own clone of the kernel (the compiled code is shared, the scratch buffers
// are not) over the chunks it takes. A threshold selects into one list per
// chunk, and the lists are joined in chunk order, so the spikes come in
// increasing order as in a one-core run. Kernels too cheap to gain from
// it (by their measured cost) stay on the calling goroutine.
//
// This is only done for kernels whose result for element k depends on
// element k alone (an elementwise kernel): then every element is computed
// by the same instructions on the same inputs whichever goroutine runs it,
// and the result is the one-core result bit for bit. Whether a run checks
// its stores for subnormal numbers is decided once for the run, from the
// step (Network.flush, kernel.FlushStep), and every chunk follows it. A kernel is not split
// (it runs on the calling goroutine, as with one thread) when it
//
//   - draws random numbers (rand(), randn(), xi ...): the numbers come from
//     the network's one generator, block after block, and a run on several
//     goroutines would draw them in another order;
//   - writes a shared variable (a scalar column), which it does once per
//     call, not per element;
//   - writes through an index (a linked variable), or reads through an
//     index (a linked variable, a synapse's pre- or postsynaptic variable)
//     memory that it also writes: element k could then see another
//     element's old or new value depending on timing.
//
// Random numbers therefore stay reproducible because every draw is made
// in the same order as in a one-core run: the kernels that draw run whole
// on the calling goroutine; the split ones draw nothing. Everything else —
// resets, spike propagation, summed variables, monitors, network
// operations, the cable equation of a SpatialNeuron — runs on the calling
// goroutine, in the same order as always, so sums of floating-point
// numbers are added in the same order too.

// A chunk of a split run has at least minChunk elements and, by the
// kernel's measured cost, minChunkWork nanoseconds of work: inviting a
// worker costs about a microsecond, and on a shared machine a worker that
// has taken a chunk and lost its core to another process holds the step up
// until it gets it back, so chunks of little work cost more than they
// save. How a run is cut changes only the time, never the results, so
// timings may decide it. Measured on a 2-core machine (docs/performance.md,
// "Parallel runs").
const (
	minChunk     = kernel.BlockSize
	minChunkWork = 10e3
	// costSamples is how many one-goroutine runs of a kernel are timed
	// to find its cost per element (the fastest counts) before any is split.
	costSamples = 8
)

// forceThreads and forceMin, when not 0, replace the defaults of Threads
// and minChunk (and runs are cut whatever their cost): the tests set them
// (MYELIN_TEST_THREADS) to run every test of the package with small groups
// split.
var forceThreads, forceMin int

// defaultThreads is the number of goroutines a network uses when Threads
// is 0: the processors Go may use, and one under WebAssembly, which has
// one thread.
func defaultThreads() int {
	if forceThreads > 0 {
		return forceThreads
	}
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		return 1
	}
	return runtime.GOMAXPROCS(0)
}

// threads is the number of goroutines split runs use.
func (n *Network) threads() int {
	if n.Threads > 0 {
		return n.Threads
	}
	return defaultThreads()
}

// forced reports whether the tests set the fewest elements per chunk, and
// runs are cut whatever their cost.
func (n *Network) forced() bool { return n.parMin > 0 || forceMin > 0 }

// chunkMin is the fewest elements per chunk.
func (n *Network) chunkMin() int {
	if n.parMin > 0 {
		return n.parMin
	}
	if forceMin > 0 {
		return forceMin
	}
	return minChunk
}

// chunksPerThread is how many chunks per thread a large run is cut into:
// the threads take chunks as they finish, so that a thread slowed down by
// another process (the machine is shared) holds the others up for a short
// chunk only.
const chunksPerThread = 4

// chunking returns how a run over size elements of a kernel that costs
// nsPerElem nanoseconds per element is cut: into chunks of per elements
// (the last one has the rest, per is a multiple of kernel.BlockSize), run
// by workers goroutines; 1 chunk means a run on the calling goroutine.
// Fewer chunks than chunksPerThread per thread are a multiple of the
// threads, so that each thread gets as many. When forced, the cost does not
// count.
func (n *Network) chunking(size int, nsPerElem float64) (chunks, per, workers int) {
	w := n.threads()
	blocks := (size + kernel.BlockSize - 1) / kernel.BlockSize
	c := min(chunksPerThread*w, size/n.chunkMin(), blocks)
	if !n.forced() {
		c = min(c, int(float64(size)*nsPerElem/minChunkWork))
	}
	if c > w {
		c -= c % w
	}
	if w <= 1 || c <= 1 {
		return 1, size, 1
	}
	per = (blocks + c - 1) / c * kernel.BlockSize
	chunks = (size + per - 1) / per
	return chunks, per, min(w, chunks)
}

// A task is an invitation to a worker to take part in a split run: to
// run chunks of it until none is left.
type task struct {
	s      *split
	p      int    // the worker's number: it runs kernels[p]
	gen    uint64 // the run (split.gen) it is for
	chunks int    // the run's chunks of per elements
	per    int
	size   int  // the run's elements
	timed  bool // a run on the calling goroutine that measures the cost
}

// workers are goroutines that run chunks of split runs, shared by all
// networks: worker p (from 1; the calling goroutine is 0) is invited to
// every split run with more than p workers. They are started when first
// needed and then wait for work, which costs nothing. A persistent worker
// takes a task from a channel without allocating, where starting a
// goroutine per run allocates every step.
//
// A worker is only help: the calling goroutine takes chunks too, and does
// not wait for a worker that has not started (a thread of another
// process may hold its core); it waits only for the chunks that workers
// have taken and not finished. A worker that comes too late to a run finds
// no chunk left, or finds the run over (another gen), and does nothing.
var workers struct {
	sync.Mutex
	chans []chan task // chans[p-1] feeds worker p
}

// worker returns the channel of worker p (p >= 1), starting it if needed.
func worker(p int) chan task {
	workers.Lock()
	defer workers.Unlock()
	for len(workers.chans) < p {
		ch := make(chan task, 16)
		workers.chans = append(workers.chans, ch)
		go func() {
			for t := range ch {
				if t.s.work(t) {
					t.s.done <- struct{}{}
				}
			}
		}()
	}
	return workers.chans[p-1]
}

// split runs a kernel over a range of elements in chunks on several
// goroutines when that gives the one-goroutine result bit for bit (see the
// comment at the top of the file).
type split struct {
	net *Network
	k   *kernel.Kernel
	// what the kernel reads and writes element by element: vector columns
	// written, vector columns read, columns read through an index
	written, read, gathered []*kernel.Column
	// never: the kernel can never be split (it draws random numbers,
	// writes a shared variable or writes through an index)
	never  bool
	runGen uint64 // the network's run when safe was worked out
	safe   bool

	// refr, when set, is the refractoriness's fast path, run on each chunk
	// just before the state update (both are elementwise); step is its
	// cutoff for the current step.
	refr *refrMask
	step refrStep
	// flush is whether the current run checks its stores for subnormal
	// numbers (the network's flush for this step), the same for every
	// chunk
	flush bool

	kernels []*kernel.Kernel // kernels[p] is worker p's: k, then clones
	chans   []chan task      // chans[p-1] feeds worker p
	done    chan struct{}    // a worker's word that it finished the last chunk
	outs    [][]int32        // outs[j]: the selection of chunk j
	// the current run: gen counts the runs; state is gen<<32 | the next
	// chunk to take; finished counts the chunks run
	gen      uint64
	state    atomic.Uint64
	finished atomic.Int64
	failed   atomic.Pointer[any] // the first panic of a chunk in this run
	forks    int                 // how many runs were split, for the tests
	// the cost of a run per element: the fastest of samples timed runs
	samples   int
	nsPerElem float64
}

// newSplit prepares the split runs of k, compiled from stmts (a block of
// statements) or cond (a condition).
func (n *Network) newSplit(k *kernel.Kernel, stmts []kernel.Stmt, cond *kernel.Expr) *split {
	s := &split{net: n, k: k, never: k.Random(), runGen: ^uint64(0)}
	seen := map[*kernel.Column]bool{}
	var walk func(x *kernel.Expr)
	walk = func(x *kernel.Expr) {
		if x == nil {
			return
		}
		switch x.Op {
		case kernel.OpVar:
			if x.Col != nil && !x.Col.Scalar && !seen[x.Col] {
				seen[x.Col] = true
				s.read = append(s.read, x.Col)
			}
		case kernel.OpGather:
			s.gathered = append(s.gathered, x.Col)
		}
		for _, a := range x.Args {
			walk(a)
		}
	}
	for _, st := range stmts {
		walk(st.Value)
		if st.Col == nil {
			continue // a temporary
		}
		if st.Via != nil || st.Col.Scalar {
			s.never = true
		}
		s.written = append(s.written, st.Col)
	}
	walk(cond)
	return s
}

// withRefr makes the split run r (if not nil) on each chunk before the
// kernel: r writes not_refractory, which the kernel may read.
func (s *split) withRefr(r *refrMask) {
	if r != nil {
		s.refr = r
		s.written = append(s.written, r.mask)
	}
}

// splittable reports whether the kernel may run in chunks in this run:
// whether no memory it writes is also reached through another column
// (the columns' Data can change between runs, when a link is set or
// synapses are created).
func (s *split) splittable() bool {
	if s.never {
		return false
	}
	if s.runGen == s.net.runGen {
		return s.safe
	}
	s.runGen, s.safe = s.net.runGen, true
	for _, w := range s.written {
		for _, g := range s.gathered {
			if overlap(w.Data, g.Data) {
				s.safe = false
			}
		}
		for _, cs := range [2][]*kernel.Column{s.read, s.written} {
			for _, c := range cs {
				if c != w && overlap(w.Data, c.Data) && !same(w.Data, c.Data) {
					s.safe = false
				}
			}
		}
	}
	return s.safe
}

// overlap reports whether two slices share memory.
func overlap(a, b []float64) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	const size = unsafe.Sizeof(float64(0))
	pa, pb := uintptr(unsafe.Pointer(unsafe.SliceData(a))), uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return pa < pb+uintptr(len(b))*size && pb < pa+uintptr(len(a))*size
}

// same reports whether two slices are the same memory, element for element.
func same(a, b []float64) bool {
	return len(a) == len(b) && unsafe.SliceData(a) == unsafe.SliceData(b)
}

// plan returns how a run over size elements is cut (see chunking), with a
// kernel for every worker and a selection for every chunk, and starts a
// new run (gen) of the split.
func (s *split) plan(size int) task {
	if s.never || s.net.threads() <= 1 {
		return task{chunks: 1}
	}
	if s.samples < costSamples && !s.net.forced() {
		return task{chunks: 1, timed: true}
	}
	chunks, per, workers := s.net.chunking(size, s.nsPerElem)
	if chunks == 1 || !s.splittable() {
		return task{chunks: 1}
	}
	if len(s.kernels) == 0 {
		s.kernels = append(s.kernels, s.k)
		s.done = make(chan struct{}, 1)
	}
	for len(s.kernels) < workers {
		s.kernels = append(s.kernels, s.k.Clone())
		s.chans = append(s.chans, worker(len(s.chans)+1))
	}
	for len(s.outs) < chunks {
		s.outs = append(s.outs, nil)
	}
	s.gen++
	s.state.Store(s.gen << 32)
	s.finished.Store(0)
	return task{s: s, gen: s.gen, chunks: chunks, per: per, size: size, p: workers}
}

// work runs chunks of the run t until none is left: each the first that no
// one has taken (which goroutine runs a chunk changes nothing in its
// result). It reports whether it finished the run's last chunk.
func (s *split) work(t task) (last bool) {
	var k *kernel.Kernel
	for {
		st := s.state.Load()
		j := int(st & (1<<32 - 1))
		if st>>32 != t.gen || j >= t.chunks {
			return last
		}
		if !s.state.CompareAndSwap(st, st+1) {
			continue
		}
		// The chunk is this goroutine's, and the run cannot end before
		// it is finished: what the caller set up for the run is there.
		if k == nil {
			k = s.kernels[t.p]
		}
		if f := s.chunk(k, j, j*t.per, min(t.size, (j+1)*t.per)); f != nil {
			s.fail(f)
		}
		if int(s.finished.Add(1)) == t.chunks {
			last = true
		}
	}
}

// fail keeps the first panic of a chunk of this run.
func (s *split) fail(f any) {
	p := new(any)
	*p = f
	s.failed.CompareAndSwap(nil, p)
}

// chunk runs chunk j, the elements [lo, hi), with kernel k. A panic (a
// kernel's, on a bad column) is returned, for fork to raise on the calling
// goroutine once every chunk is done: on a worker it would end the
// process, past the command line's and the app's recovery.
func (s *split) chunk(k *kernel.Kernel, j, lo, hi int) (failure any) {
	defer func() { failure = recover() }()
	if s.refr != nil {
		s.refr.apply(s.step, lo, hi)
	}
	if k.Condition() {
		s.outs[j] = k.Select(lo, hi, nil, s.outs[j][:0])
	} else {
		k.RunFlush(lo, hi, nil, s.flush)
	}
	return nil
}

// fork runs the split run t: it invites the workers, runs chunks on the
// calling goroutine, and returns when every chunk has run.
func (s *split) fork(t task) {
	s.forks++
	workers := t.p
	for p := 1; p < workers; p++ {
		wt := t
		wt.p = p
		select {
		case s.chans[p-1] <- wt:
		default: // the worker is far behind; do without it
		}
	}
	t.p = 0
	if !s.work(t) {
		<-s.done // a worker finished the last chunk
	}
	if p := s.failed.Swap(nil); p != nil {
		panic(*p)
	}
}

// run is k.RunFlush(0, size, rng, flush) with the network's flush for the
// current step, in chunks when it can be (with the refractoriness first
// when refr is set).
func (s *split) run(size int, rng *rand.Rand) {
	if s.refr != nil {
		s.step = s.refr.prepare(size)
	}
	s.flush = s.net.flush
	t := s.plan(size)
	if t.chunks == 1 {
		var t0 time.Time
		if t.timed {
			t0 = time.Now()
		}
		if s.refr != nil {
			s.refr.apply(s.step, 0, size)
		}
		s.k.RunFlush(0, size, rng, s.flush)
		if t.timed {
			s.sample(size, time.Since(t0))
		}
		return
	}
	s.fork(t)
}

// sample counts a timed run over size elements that took d.
func (s *split) sample(size int, d time.Duration) {
	if size == 0 {
		return
	}
	ns := float64(d.Nanoseconds()) / float64(size)
	if s.samples == 0 || ns < s.nsPerElem {
		s.nsPerElem = ns
	}
	s.samples++
}

// sel is k.Select(0, size, rng, out), in chunks when it can be: the
// selections of the chunks are joined in chunk order, so the elements come
// in increasing order either way.
func (s *split) sel(size int, rng *rand.Rand, out []int32) []int32 {
	t := s.plan(size)
	if t.chunks == 1 {
		if !t.timed {
			return s.k.Select(0, size, rng, out)
		}
		t0 := time.Now()
		out = s.k.Select(0, size, rng, out)
		s.sample(size, time.Since(t0))
		return out
	}
	s.fork(t)
	for _, o := range s.outs[:t.chunks] {
		out = append(out, o...)
	}
	return out
}
