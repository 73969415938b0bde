package morph

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Micrometre is one micrometre in metres, the unit morphologies are usually
// written in: NewCylinder(100, 1000*morph.Micrometre, 1*morph.Micrometre).
const Micrometre = 1e-6

// Kind is the shape of a section: one of Brian2's three classes.
type Kind uint8

const (
	// KindSoma is Brian2's Soma: an isopotential sphere, one compartment.
	KindSoma Kind = iota + 1
	// KindCylinder is Brian2's Cylinder: n compartments of one diameter.
	KindCylinder
	// KindSection is Brian2's Section: n truncated cones, with a diameter
	// at each of the n+1 points between them.
	KindSection
)

// String returns Brian2's class name: "Soma", "Cylinder" or "Section".
func (k Kind) String() string {
	switch k {
	case KindSoma:
		return "Soma"
	case KindCylinder:
		return "Cylinder"
	case KindSection:
		return "Section"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Point is a position in space, in metres.
type Point struct{ X, Y, Z float64 }

// Section is one unbranched piece of a morphology and, through its children,
// the tree below it: Brian2's Morphology object (a Soma, Cylinder or
// Section). The root section stands for the whole neuron.
//
// A section is built by NewSoma, NewCylinder, NewSection and their variants,
// attached below another one with Add, and read through its geometry methods
// (Length, Area, Diameter, Distance, ...), which return one value per
// compartment, in metres (m², m³ for areas and volumes). Flatten gives the
// same values for a whole tree in Brian2's compartment order.
//
// A Section is not safe for concurrent modification; reading it from several
// goroutines is safe once it is built. The zero Section has no compartments
// and is of no use: make sections with the New functions.
type Section struct {
	kind Kind
	n    int

	// Type is Brian2's type of the section: "soma", "axon", "dend", "apic"
	// (as SWC files name them) or anything else; "" stands for Brian2's
	// None. NewSoma sets "soma"; it has no effect on the geometry.
	Type string

	// diam holds the diameters as Brian2 stores them: one value for a soma,
	// n values (all equal) for a cylinder, n+1 values for a section.
	diam []float64
	// length holds the length of each compartment.
	length []float64
	// x, y, z are nil for a section without coordinates. For a soma they
	// hold its (absolute) position; for a cylinder or section the n+1 points
	// relative to the end point of the parent section.
	x, y, z []float64

	parent   *Section
	children []*Section
	// named maps every name a child is known by (its given name, its
	// automatic number "1", "2", ..., and "L"/"R" for SWC files) to it.
	named   map[string]*Section
	counter int
	// given is the name this section was first attached under; hasGiven
	// is false for Brian2's None (a section from an SWC file of a type
	// without a name).
	given    string
	hasGiven bool
}

// Must returns s, and panics if err is not nil. It is meant for morphologies
// built from constants in Go code, as in Must(NewSoma(30*Micrometre)).
func Must(s *Section, err error) *Section {
	if err != nil {
		panic(err)
	}
	return s
}

func checkPositive(what string, v float64) error {
	if !(v > 0) || math.IsInf(v, 0) {
		return fmt.Errorf("%s must be positive and finite, not %g", what, v)
	}
	return nil
}

func checkFinite(what string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%s must be finite, not %g", what, v)
	}
	return nil
}

func checkN(n int) error {
	if n < 1 {
		return fmt.Errorf("the number of compartments must be at least 1, not %d", n)
	}
	return nil
}

// NewSoma returns a spherical soma of the given diameter (in metres), without
// coordinates: Brian2's Soma(diameter). Its one compartment has the area of
// the sphere, pi*d², its volume, pi*d³/6, and the "length" d.
func NewSoma(diameter float64) (*Section, error) {
	if err := checkPositive("the soma diameter", diameter); err != nil {
		return nil, err
	}
	return &Section{kind: KindSoma, n: 1, Type: "soma", diam: []float64{diameter},
		length: []float64{diameter}}, nil
}

// NewSomaAt returns a spherical soma of the given diameter centred at the
// point at (all in metres): Brian2's Soma(diameter, x=, y=, z=). Unlike the
// points of a cylinder or section, a soma's position is absolute.
func NewSomaAt(diameter float64, at Point) (*Section, error) {
	s, err := NewSoma(diameter)
	if err != nil {
		return nil, err
	}
	if err := checkPoints([]Point{at}); err != nil {
		return nil, err
	}
	s.x, s.y, s.z = []float64{at.X}, []float64{at.Y}, []float64{at.Z}
	return s, nil
}

// NewCylinder returns a cylinder of n compartments, of the given total length
// and diameter (in metres), without coordinates: Brian2's
// Cylinder(n=n, length=length, diameter=diameter). Each compartment has the
// length length/n.
func NewCylinder(n int, length, diameter float64) (*Section, error) {
	if err := checkN(n); err != nil {
		return nil, err
	}
	if err := checkPositive("the cylinder length", length); err != nil {
		return nil, err
	}
	if err := checkPositive("the cylinder diameter", diameter); err != nil {
		return nil, err
	}
	s := &Section{kind: KindCylinder, n: n, diam: make([]float64, n), length: make([]float64, n)}
	l := length / float64(n)
	for i := range n {
		s.diam[i] = diameter
		s.length[i] = l
	}
	return s, nil
}

// NewCylinderBetween returns a cylinder of n compartments and the given
// diameter running from start to end (in metres): Brian2's
// Cylinder(n=n, diameter=diameter, x=[start.X, end.X], y=..., z=...). The
// points are relative to the end point of the parent section (the centre of
// a soma), so start is usually the origin, or a point on the surface of the
// parent soma. The n+1 points between the compartments are evenly spaced, as
// numpy.linspace places them.
func NewCylinderBetween(n int, diameter float64, start, end Point) (*Section, error) {
	if err := checkN(n); err != nil {
		return nil, err
	}
	if err := checkPositive("the cylinder diameter", diameter); err != nil {
		return nil, err
	}
	if err := checkPoints([]Point{start, end}); err != nil {
		return nil, err
	}
	s := &Section{kind: KindCylinder, n: n, diam: make([]float64, n)}
	for i := range n {
		s.diam[i] = diameter
	}
	s.x = linspace(start.X, end.X, n+1)
	s.y = linspace(start.Y, end.Y, n+1)
	s.z = linspace(start.Z, end.Z, n+1)
	s.length = lengthsFromPoints(s.x, s.y, s.z)
	return s, nil
}

// NewSection returns a section of n = len(lengths) compartments without
// coordinates: Brian2's Section(n=n, diameter=diameters, length=lengths).
// diameters holds the n+1 diameters at the start of the first compartment
// and at the end of every compartment; each compartment is a truncated cone
// between two of them. All values are in metres.
func NewSection(diameters, lengths []float64) (*Section, error) {
	n := len(lengths)
	if err := checkN(n); err != nil {
		return nil, err
	}
	if len(diameters) != n+1 {
		return nil, fmt.Errorf("a section of %d compartments needs %d diameters, not %d", n, n+1, len(diameters))
	}
	for i, l := range lengths {
		if err := checkPositive(fmt.Sprintf("length %d", i), l); err != nil {
			return nil, err
		}
	}
	if err := checkDiameters(diameters); err != nil {
		return nil, err
	}
	return &Section{kind: KindSection, n: n, diam: append([]float64(nil), diameters...),
		length: append([]float64(nil), lengths...)}, nil
}

// NewSectionPoints returns a section of n = len(points)-1 compartments
// between the given points, with the given diameters at those points:
// Brian2's Section(n=n, diameter=diameters, x=, y=, z=). The points are
// relative to the end point of the parent section (the centre of a soma), so
// the first one is usually the origin. All values are in metres. Two equal
// consecutive points make a compartment of length zero, which Brian2 allows
// too; its r_length terms are then infinite.
func NewSectionPoints(diameters []float64, points []Point) (*Section, error) {
	n := len(points) - 1
	if err := checkN(n); err != nil {
		return nil, err
	}
	if len(diameters) != n+1 {
		return nil, fmt.Errorf("a section of %d points needs %d diameters, not %d", n+1, n+1, len(diameters))
	}
	if err := checkDiameters(diameters); err != nil {
		return nil, err
	}
	if err := checkPoints(points); err != nil {
		return nil, err
	}
	s := &Section{kind: KindSection, n: n, diam: append([]float64(nil), diameters...)}
	s.x, s.y, s.z = make([]float64, n+1), make([]float64, n+1), make([]float64, n+1)
	for i, p := range points {
		s.x[i], s.y[i], s.z[i] = p.X, p.Y, p.Z
	}
	s.length = lengthsFromPoints(s.x, s.y, s.z)
	return s, nil
}

func checkDiameters(d []float64) error {
	for i, v := range d {
		if err := checkPositive(fmt.Sprintf("diameter %d", i), v); err != nil {
			return err
		}
	}
	return nil
}

func checkPoints(p []Point) error {
	for i, q := range p {
		for _, v := range [3]float64{q.X, q.Y, q.Z} {
			if err := checkFinite(fmt.Sprintf("point %d", i), v); err != nil {
				return err
			}
		}
	}
	return nil
}

// linspace returns num evenly spaced values from start to stop, computed as
// numpy.linspace computes them (so that coordinates agree with Brian2's to
// the last bit).
func linspace(start, stop float64, num int) []float64 {
	y := make([]float64, num)
	div := num - 1
	delta := stop - start
	if div > 0 {
		step := delta / float64(div)
		for i := range y {
			if step == 0 {
				y[i] = float64(float64(i)/float64(div)*delta) + start
			} else {
				y[i] = float64(float64(i)*step) + start
			}
		}
		y[num-1] = stop
	} else if num == 1 {
		y[0] = start
	}
	return y
}

// lengthsFromPoints returns the distances between consecutive points.
func lengthsFromPoints(x, y, z []float64) []float64 {
	l := make([]float64, len(x)-1)
	for i := range l {
		dx, dy, dz := x[i+1]-x[i], y[i+1]-y[i], z[i+1]-z[i]
		l[i] = math.Sqrt(float64(dx*dx) + float64(dy*dy) + float64(dz*dz))
	}
	return l
}

// Kind returns the shape of the section.
func (s *Section) Kind() Kind { return s.kind }

// N returns the number of compartments in this section (Brian2's n).
func (s *Section) N() int { return s.n }

// Parent returns the section this one is attached to, or nil for the root.
func (s *Section) Parent() *Section { return s.parent }

// Children returns the sections attached to this one, in the order they
// were attached (which is Brian2's order, and the order of Flatten).
func (s *Section) Children() []*Section { return append([]*Section(nil), s.children...) }

// Root returns the root of the tree s belongs to.
func (s *Section) Root() *Section {
	r := s
	for r.parent != nil {
		r = r.parent
	}
	return r
}

// Name returns the name s was attached under (Brian2's
// parent.children.name(s)); ok is false for the root and for a section that
// has no name (a section from an SWC file whose point type Brian2 does not
// name, shown as "None" by Topology).
func (s *Section) Name() (name string, ok bool) {
	if s.parent == nil {
		return "", false
	}
	return s.given, s.hasGiven
}

// Names returns every name the parent knows s by, sorted: its given name, its
// automatic number ("1" for the first child, ...), "L"/"R" or further numbers
// for sections read from SWC files, and names it was attached under again.
func (s *Section) Names() []string {
	if s.parent == nil {
		return nil
	}
	var out []string
	for k, v := range s.parent.named {
		if v == s {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Path returns the names from the root down to s joined by dots, such as
// "dend.branch1"; "" for the root. It uses given names, falling back to the
// shortest other name (for sections without one), so that Root().Get(Path())
// returns s, except where Brian2's own rules make a name unreachable (see Get).
func (s *Section) Path() string {
	var parts []string
	for c := s; c.parent != nil; c = c.parent {
		parts = append(parts, c.pathName())
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, ".")
}

func (s *Section) pathName() string {
	if s.hasGiven {
		return s.given
	}
	best := ""
	for _, k := range s.Names() {
		if best == "" || len(k) < len(best) {
			best = k
		}
	}
	return best
}

// isLRPath reports whether Brian2 reads name as a path of one-character
// names ("LRL", "121"): more than one character, all of them in
// "LR123456789".
func isLRPath(name string) bool {
	if len(name) < 2 {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !strings.ContainsRune("LR123456789", rune(name[i])) {
			return false
		}
	}
	return true
}

// child resolves one name as Brian2's morpho[name] does.
func (s *Section) child(name string) (*Section, bool) {
	cur := s
	if isLRPath(name) {
		for i := 0; i < len(name); i++ {
			c, ok := cur.named[name[i:i+1]]
			if !ok {
				return nil, false
			}
			cur = c
		}
		return cur, true
	}
	c, ok := cur.named[name]
	return c, ok
}

// Get returns the section below s at the given path: names joined by dots,
// as Brian2's morpho.dend.branch1 reads Get("dend.branch1"). "" returns s.
// As in Brian2, each name is a given name ("dend"), an automatic number
// ("1" is the first child attached), or, for morphologies read from SWC
// files, "L" and "R" (first and second of two children); and a name of two
// or more characters all in "LR123456789" is a path of one-character names,
// so "LRL" is "L.R.L" (which makes children numbered 11 to 99 unreachable by
// their numbers, as in Brian2).
func (s *Section) Get(path string) (*Section, error) {
	if path == "" {
		return s, nil
	}
	cur := s
	done := ""
	for _, part := range strings.Split(path, ".") {
		c, ok := cur.child(part)
		if !ok {
			where := "the root"
			if done != "" {
				where = strconv.Quote(done)
			} else if s.parent != nil {
				where = strconv.Quote(s.Path())
			}
			return nil, fmt.Errorf("no section %q below %s%s", part, where, cur.knownNames())
		}
		cur = c
		if done != "" {
			done += "."
		}
		done += part
	}
	return cur, nil
}

func (s *Section) knownNames() string {
	if len(s.named) == 0 {
		return " (it has no children)"
	}
	var names []string
	for k, v := range s.named {
		if v.hasGiven && v.given == k {
			names = append(names, k)
		}
	}
	if len(names) == 0 {
		for k := range s.named {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	return " (it has " + strings.Join(names, ", ") + ")"
}

// Add attaches child below s under the given name: Brian2's
// morpho.name = child. The name may be a dotted path, attaching below a
// descendant (Add("dend.branch1", c) is morpho.dend.branch1 = c), and, as in
// Brian2, a last name of two or more characters in "LR123456789" is a path
// of one-character names. The child gets the automatic number of its
// position as well ("1" for the first child, and so on).
//
// Add refuses an empty name, a name already used for another child, a child
// that already has a parent, and s itself or one of its ancestors (which
// would make a cycle). Attaching the same child again under another name
// gives it that name as well, as in Brian2.
func (s *Section) Add(name string, child *Section) error {
	if child == nil {
		return errors.New("cannot attach a nil section")
	}
	parent := s
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		p, err := s.Get(name[:i])
		if err != nil {
			return err
		}
		parent, name = p, name[i+1:]
	}
	if name == "" {
		return errors.New("a section needs a name to be attached")
	}
	if isLRPath(name) {
		p, ok := parent.named[name[:1]]
		if !ok {
			return fmt.Errorf("cannot attach %q: there is no section %q%s", name, name[:1], parent.knownNames())
		}
		return p.Add(name[1:], child)
	}
	return parent.add(name, true, child, false)
}

// add is Brian2's Children.add: name is the given name (none if !hasName);
// with automatic, a name used by another child becomes name2, name3, ...
func (s *Section) add(name string, hasName bool, child *Section, automatic bool) error {
	for a := s; a != nil; a = a.parent {
		if a == child {
			return fmt.Errorf("cannot attach %q: the section is the one it would be attached to, or above it (a cycle)", name)
		}
	}
	return s.attach(name, hasName, child, automatic)
}

// attach is add without the check for cycles (which takes the depth of
// s), for children that are known to be new sections or children already.
func (s *Section) attach(name string, hasName bool, child *Section, automatic bool) error {
	if child.parent != nil && child.parent != s {
		return fmt.Errorf("cannot attach %q: the section is already attached as %q", name, child.Path())
	}
	if s.named == nil {
		s.named = map[string]*Section{}
	}
	if hasName {
		if other, ok := s.named[name]; ok && other != child {
			if !automatic {
				return fmt.Errorf("the name %q is already used for another section", name)
			}
			base := name
			for counter := 1; ; {
				if _, used := s.named[name]; !used {
					break
				}
				counter++
				name = base + strconv.Itoa(counter)
			}
		}
	}
	if child.parent == nil {
		s.counter++
		s.children = append(s.children, child)
		s.named[strconv.Itoa(s.counter)] = child
		child.given, child.hasGiven = name, hasName
		child.parent = s
	}
	if hasName {
		s.named[name] = child
	}
	return nil
}

// Remove detaches the child known by name (Brian2's del morpho.name) and
// returns it; it is the root of its own tree afterwards. Unlike Brian2,
// which keeps the other names of the removed child (its number) pointing to
// it, Remove forgets all of them; the numbers of the remaining children do
// not change.
func (s *Section) Remove(name string) (*Section, error) {
	c, ok := s.named[name]
	if !ok {
		return nil, fmt.Errorf("no section %q to remove%s", name, s.knownNames())
	}
	for k, v := range s.named {
		if v == c {
			delete(s.named, k)
		}
	}
	for i, v := range s.children {
		if v == c {
			s.children = append(s.children[:i:i], s.children[i+1:]...)
			break
		}
	}
	c.parent, c.given, c.hasGiven = nil, "", false
	return c, nil
}

// TotalCompartments returns the number of compartments in s and all the
// sections below it (Brian2's total_compartments).
func (s *Section) TotalCompartments() int {
	n := 0
	s.walk(func(c *Section) { n += c.n })
	return n
}

// TotalSections returns the number of sections in the tree below s,
// including s (Brian2's total_sections).
func (s *Section) TotalSections() int {
	n := 0
	s.walk(func(*Section) { n++ })
	return n
}

// Sections returns s and every section below it in Brian2's order: a
// section, then the tree below its first child, then below its second child,
// and so on (depth first, pre-order). Compartments are numbered in this
// order.
func (s *Section) Sections() []*Section {
	var out []*Section
	s.walk(func(c *Section) { out = append(out, c) })
	return out
}

// walk calls f on s and its descendants in pre-order, without recursion
// (morphologies read from files can be deep).
func (s *Section) walk(f func(*Section)) {
	stack := []*Section{s}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		f(c)
		for i := len(c.children) - 1; i >= 0; i-- {
			stack = append(stack, c.children[i])
		}
	}
}

// Topology returns Brian2's str(morpho.topology()): one line per section,
// indented by depth, with "( )" for a soma and one "-" per compartment for
// the others, and the section's path.
//
//	( )  [root]
//	   `---|  .dend
//	        `--|  .dend.branch1
func (s *Section) Topology() string {
	var b strings.Builder
	type item struct {
		sec    *Section
		indent int
		path   string
		top    bool
	}
	stack := []item{{s, 0, "", true}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		b.WriteString(strings.Repeat(" ", it.indent))
		length := max(1, it.sec.n)
		if !it.top {
			b.WriteByte('`')
		}
		if it.sec.kind == KindSoma {
			b.WriteString("( )")
		} else {
			b.WriteString(strings.Repeat("-", length))
			b.WriteByte('|')
		}
		if it.path == "" {
			b.WriteString("  [root] \n")
		} else {
			b.WriteString("  " + it.path + "\n")
		}
		for i := len(it.sec.children) - 1; i >= 0; i-- {
			c := it.sec.children[i]
			name := "None"
			if c.hasGiven {
				name = c.given
			}
			stack = append(stack, item{c, it.indent + 2 + length, it.path + "." + name, false})
		}
	}
	return b.String()
}

// String describes the section as Brian2's repr does, without its children:
// Soma(diameter=3e-05), Cylinder(diameter=1e-06, n=100, length=0.001), ...
// (values in metres).
func (s *Section) String() string {
	if s.n == 0 || len(s.diam) == 0 {
		return s.kind.String() + "()"
	}
	var b strings.Builder
	b.WriteString(s.kind.String())
	b.WriteString("(diameter=")
	switch s.kind {
	case KindSoma, KindCylinder:
		b.WriteString(fmtFloat(s.diam[0]))
	default:
		same := true
		for _, d := range s.diam[1:] {
			if math.Abs(d-s.diam[1]) >= s.diam[1]*1e-12 {
				same = false
			}
		}
		if same {
			b.WriteString(fmtFloat(s.diam[1]))
		} else {
			b.WriteString(fmtFloats(s.diam))
		}
	}
	if s.kind != KindSoma {
		if s.n != 1 {
			fmt.Fprintf(&b, ", n=%d", s.n)
		}
		if s.x == nil {
			sum := 0.0
			for _, l := range s.length {
				sum += l
			}
			b.WriteString(", length=" + fmtFloat(sum))
		}
	}
	if s.x != nil {
		if s.kind == KindCylinder {
			b.WriteString(", x=" + fmtFloats([]float64{s.x[0], s.x[s.n]}))
			b.WriteString(", y=" + fmtFloats([]float64{s.y[0], s.y[s.n]}))
			b.WriteString(", z=" + fmtFloats([]float64{s.z[0], s.z[s.n]}))
		} else if s.kind == KindSoma {
			b.WriteString(", x=" + fmtFloat(s.x[0]) + ", y=" + fmtFloat(s.y[0]) + ", z=" + fmtFloat(s.z[0]))
		} else {
			b.WriteString(", x=" + fmtFloats(s.x) + ", y=" + fmtFloats(s.y) + ", z=" + fmtFloats(s.z))
		}
	}
	if (s.kind == KindSoma && s.Type != "soma") || (s.kind != KindSoma && s.Type != "") {
		b.WriteString(", type=" + strconv.Quote(s.Type))
	}
	b.WriteByte(')')
	return b.String()
}

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func fmtFloats(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmtFloat(x)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
