package morph

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode"
)

// SWCError is a problem with an SWC file, or with the points given to
// FromPoints: the file (if known), the line (from 1) and a one-line message.
type SWCError struct {
	File string
	Line int
	Msg  string
}

// Error returns "file:line: msg", or "line N: msg" without a file name.
func (e *SWCError) Error() string {
	if e.File != "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// SWCOptions are the settings for reading SWC files and points.
type SWCOptions struct {
	// CylindricalSoma keeps the soma points as sections of type "soma"
	// (Brian2's spherical_soma=False). By default a soma that is a single
	// point, or NeuroMorpho's three-point soma, becomes a sphere.
	CylindricalSoma bool
	// FileName is used in errors (LoadSWC sets it).
	FileName string
	// Warn, if not nil, receives remarks that do not stop the reading
	// (Brian2 logs some of them as warnings): several soma points that are
	// not a three-point soma, and compartments of length zero.
	Warn func(line int, msg string)
}

// SWCPoint is one point of a morphology given as a list of points, as in an
// SWC file but with diameters (Brian2's from_points tuple). Values are in
// metres.
type SWCPoint struct {
	Index int
	// Type names the kind of neurite: "soma", "axon", "dend", "apic" as
	// Brian2 names the SWC types 1 to 4, or any other name; "" is Brian2's
	// None (SWC types above 4). A point of type "soma" that is alone in its
	// section becomes a sphere.
	Type     string
	X, Y, Z  float64
	Diameter float64
	// Parent is the Index of the parent point, -1 for the root, which must
	// be the first point. Parents must come before their children.
	Parent int
	// Line is the line to name in errors; 0 stands for the point's position
	// in the list, counted from 1.
	Line int
}

// swcTypes are the SWC type fields Brian2 names; it looks them up as
// strings, so "01" or "+1" are not a soma.
var swcTypes = map[string]string{"1": "soma", "2": "axon", "3": "dend", "4": "apic"}

// LoadSWC reads the SWC file at path; see ReadSWC.
func LoadSWC(path string, opt SWCOptions) (*Section, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if opt.FileName == "" {
		opt.FileName = path
	}
	return ParseSWC(data, opt)
}

// ReadSWC reads an SWC file from r; see ParseSWC.
func ReadSWC(r io.Reader, opt SWCOptions) (*Section, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return ParseSWC(data, opt)
}

// ParseSWC reads a morphology from the text of an SWC file, as Brian2's
// Morphology.from_swc_file does, and returns its root.
//
// Each line is a comment (starting with #), blank, or a point of seven
// fields separated by white space: index, type, x, y, z, radius, parent,
// with coordinates and radius in micrometres. The first point is the root
// (parent -1); every other point's parent must come before it. Types 1
// (soma), 2 (axon), 3 (basal dendrite) and 4 (apical dendrite) give the
// sections the types and names "soma", "axon", "dend" and "apic"; other
// types have no name.
//
// Points become sections as in Brian2: a section runs along a chain of
// points of one type and ends where the tree branches, where the type
// changes, and at the leaves. A section below another one has one
// compartment per point, the first starting at the parent point (and its
// diameter there is the parent's, except below a soma, where it is its own
// first point's); the root section, if it is not a soma, has one compartment
// fewer than points. A soma that is alone in its section becomes a sphere
// of its diameter. A three-point soma, NeuroMorpho's standard (a root point
// of type 1 with two children of type 1 and no grandchildren, one radius
// away on either side), becomes one sphere of that diameter, as Brian2
// does since its pull request #1544 (after version 2.5.1): the two points
// may be up to 0.1 µm off the radius (2.5.1 allows 0.01 µm), and only the
// root is checked (2.5.1 looks through the whole tree). Other multi-point
// somas, as in tc200.CNG.swc, become a sphere at the root point and
// sections of type "soma" along the other soma points, as in Brian2 2.5.1
// and later. Children are named by type, with a number if a name repeats
// ("dend", "dend2"), by their number ("1", "2", ...), and "L" and "R" where
// a section has at most two children.
//
// Where Brian2 accepts nonsense, ParseSWC refuses it with an SWCError naming
// the line: a radius that is zero, negative or not finite, coordinates that
// are not finite, a type that is not an integer, a negative index. Like
// Brian2 it refuses lines without seven fields, duplicate indices, missing
// parents, parents after their children (pointing out cycles), a second
// root, and an empty file.
func ParseSWC(data []byte, opt SWCOptions) (*Section, error) {
	fail := func(line int, format string, args ...any) error {
		return &SWCError{File: opt.FileName, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	var pts []rawPoint
	lineNo := 0
	for len(data) > 0 {
		lineNo++
		// Python reads text files with universal newlines: \n, \r\n and \r
		// all end a line.
		var line []byte
		if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
			line = data[:i]
			if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			data = data[i+1:]
		} else {
			line, data = data, nil
		}
		s := strings.TrimFunc(string(line), isPySpace)
		if s == "" || s[0] == '#' {
			continue
		}
		f := strings.FieldsFunc(s, isPySpace)
		if len(f) != 7 {
			return nil, fail(lineNo, "a point has 7 fields (index type x y z radius parent), this line has %d", len(f))
		}
		var p rawPoint
		var err error
		p.line = lineNo
		if p.index, err = parseInt(f[0]); err != nil {
			return nil, fail(lineNo, "index %s", err)
		}
		if p.index < 0 {
			return nil, fail(lineNo, "index %d is negative", p.index)
		}
		if _, err := parseInt(f[1]); err != nil {
			return nil, fail(lineNo, "type %s", err)
		}
		p.name, p.hasName = swcTypes[f[1]]
		var c [4]float64
		for k, what := range []string{"x", "y", "z", "radius"} {
			if c[k], err = parseFloat(f[2+k]); err != nil {
				return nil, fail(lineNo, "%s %s", what, err)
			}
		}
		if !(c[3] > 0) {
			return nil, fail(lineNo, "radius %s must be positive", f[5])
		}
		p.x, p.y, p.z, p.d = c[0], c[1], c[2], 2*c[3]
		if p.parent, err = parseInt(f[6]); err != nil {
			return nil, fail(lineNo, "parent %s", err)
		}
		pts = append(pts, p)
	}
	if len(pts) == 0 {
		return nil, fail(1, "no points: the file is empty or holds only comments")
	}
	return fromPoints(pts, 1e-6, opt)
}

// isPySpace is Python's str.isspace, which str.strip and str.split use.
func isPySpace(r rune) bool { return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f) }

func parseInt(s string) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, fmt.Errorf("%q is too large", s)
		}
		return 0, fmt.Errorf("%q is not an integer", s)
	}
	return v, nil
}

func parseFloat(s string) (float64, error) {
	// Go would read hexadecimal floats, which Python's float() does not.
	if strings.ContainsAny(s, "xX_") {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, fmt.Errorf("%q is out of range", s)
		}
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return v, nil
}

// FromPoints builds a morphology from a list of points, as Brian2's
// Morphology.from_points does (values in metres here, where Brian2 takes
// micrometres), and returns its root; see ParseSWC for how points become
// sections. Errors are SWCErrors naming the point's Line.
func FromPoints(points []SWCPoint, opt SWCOptions) (*Section, error) {
	if len(points) == 0 {
		return nil, &SWCError{File: opt.FileName, Line: 1, Msg: "no points"}
	}
	pts := make([]rawPoint, len(points))
	for i, p := range points {
		line := p.Line
		if line == 0 {
			line = i + 1
		}
		if p.Index < 0 {
			return nil, &SWCError{File: opt.FileName, Line: line, Msg: fmt.Sprintf("index %d is negative", p.Index)}
		}
		for _, v := range []float64{p.X, p.Y, p.Z} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, &SWCError{File: opt.FileName, Line: line, Msg: fmt.Sprintf("point %d: coordinate %g is not finite", p.Index, v)}
			}
		}
		if !(p.Diameter > 0) || math.IsInf(p.Diameter, 0) {
			return nil, &SWCError{File: opt.FileName, Line: line, Msg: fmt.Sprintf("point %d: diameter %g must be positive and finite", p.Index, p.Diameter)}
		}
		pts[i] = rawPoint{line: line, index: p.Index, name: p.Type, hasName: p.Type != "",
			x: p.X, y: p.Y, z: p.Z, d: p.Diameter, parent: p.Parent}
	}
	return fromPoints(pts, 1, opt)
}

// rawPoint is a point in the units of its source (micrometres for SWC
// files, metres for FromPoints), as Brian2 computes in the file's units and
// converts at the end.
type rawPoint struct {
	line          int
	index, parent int
	name          string
	hasName       bool // false: Brian2's None
	x, y, z, d    float64
}

type node struct {
	*rawPoint
	parent   *node
	children []*node
}

func (n *node) isSoma() bool { return n.hasName && n.name == "soma" }

func sameName(a, b *node) bool { return a.hasName == b.hasName && a.name == b.name }

// fromPoints is Brian2's from_points; unit is the size of the points' unit
// in metres.
func fromPoints(pts []rawPoint, unit float64, opt SWCOptions) (*Section, error) {
	fail := func(line int, format string, args ...any) error {
		return &SWCError{File: opt.FileName, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	um := 1e-6 / unit // one micrometre in the points' unit

	// The first line of every index, and its parent, to explain errors.
	first := make(map[int]int, len(pts))
	for k := range pts {
		if _, ok := first[pts[k].index]; !ok {
			first[pts[k].index] = k
		}
	}
	nodes := make([]*node, len(pts))
	seen := make(map[int]*node, len(pts))
	for k := range pts {
		p := &pts[k]
		if prev, dup := seen[p.index]; dup {
			return nil, fail(p.line, "index %d is used twice (first on line %d)", p.index, prev.line)
		}
		if p.parent == p.index {
			return nil, fail(p.line, "point %d is its own parent (a cycle)", p.index)
		}
		n := &node{rawPoint: p}
		switch par, ok := seen[p.parent]; {
		case k == 0 && p.parent == -1:
		case ok:
			n.parent = par
			par.children = append(par.children, n)
		case p.parent == -1:
			return nil, fail(p.line, "point %d has parent -1, but the root is point %d on line %d: an SWC file holds one tree", p.index, pts[0].index, pts[0].line)
		default:
			return nil, parentError(pts, first, k, fail)
		}
		seen[p.index] = n
		nodes[k] = n
	}
	root := nodes[0]

	if !opt.CylindricalSoma {
		if err := replaceThreePointSoma(root, nodes, um, unit, opt, fail); err != nil {
			return nil, err
		}
	}

	// Chains of points become sections, in Brian2's order (depth first,
	// the children of a branch point in file order).
	b := &swcBuilder{unit: unit, spherical: !opt.CylindricalSoma, opt: opt, fail: fail,
		byLast: map[*node]*Section{}}
	stack := []*node{root}
	var rootSec *Section
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		var chain []*node
		for {
			chain = append(chain, c)
			if len(c.children) != 1 || !sameName(c.children[0], c) {
				break
			}
			c = c.children[0]
		}
		sec, err := b.section(chain)
		if err != nil {
			return nil, err
		}
		if rootSec == nil {
			rootSec = sec
		}
		b.byLast[c] = sec
		b.order = append(b.order, sec)
		for i := len(c.children) - 1; i >= 0; i-- {
			stack = append(stack, c.children[i])
		}
	}

	// Brian2's second pass: "L" and "R" for the children of a section with
	// one or two children, their numbers otherwise.
	count := map[*Section]int{}
	for _, sec := range b.order {
		p := sec.parent
		if p == nil {
			continue
		}
		count[p]++
		nth := count[p]
		name := strconv.Itoa(nth)
		if len(p.children) <= 2 {
			name = "R"
			if nth == 1 {
				name = "L"
			}
		}
		if err := p.attach(name, true, sec, false); err != nil {
			return nil, fail(b.firstLine[sec], "%v", err)
		}
	}
	return rootSec, nil
}

// parentError explains why the parent of point k is not known yet: it is
// missing, or comes later in the file, possibly in a cycle.
func parentError(pts []rawPoint, first map[int]int, k int, fail func(int, string, ...any) error) error {
	p := &pts[k]
	j, later := first[p.parent]
	if !later {
		if k == 0 {
			return fail(p.line, "the first point must be the root, with parent -1, but its parent is %d, which does not exist", p.parent)
		}
		return fail(p.line, "the parent %d of point %d does not exist", p.parent, p.index)
	}
	// Follow the parents from point k: coming back to a point is a cycle.
	path := []int{p.index}
	at := map[int]int{p.index: 0}
	cur := j
	for {
		idx := pts[cur].index
		if i, ok := at[idx]; ok {
			cycle := append(path[i:], idx)
			what := fmt.Sprintf("the parents of point %d form a cycle", p.index)
			if i > 0 {
				what = fmt.Sprintf("the parents of point %d lead into a cycle", p.index)
			}
			return fail(p.line, "%s: %s", what, formatPath(cycle))
		}
		at[idx] = len(path)
		path = append(path, idx)
		next, ok := first[pts[cur].parent]
		if !ok {
			break
		}
		cur = next
	}
	return fail(p.line, "point %d comes before its parent %d (line %d): parents must be listed before their children", p.index, p.parent, pts[j].line)
}

// formatPath writes point indices as "1 -> 2 -> 3", shortened in the middle
// when long.
func formatPath(path []int) string {
	var parts []string
	for i, v := range path {
		if len(path) > 8 && i >= 4 && i < len(path)-3 {
			if i == 4 {
				parts = append(parts, "...")
			}
			continue
		}
		parts = append(parts, strconv.Itoa(v))
	}
	return strings.Join(parts, " -> ")
}

// replaceThreePointSoma turns NeuroMorpho's three-point soma at the root
// into one point, as Brian2 does since its pull request #1544.
func replaceThreePointSoma(root *node, nodes []*node, um, unit float64, opt SWCOptions, fail func(int, string, ...any) error) error {
	var somaKids, others []*node
	for _, c := range root.children {
		if c.isSoma() {
			somaKids = append(somaKids, c)
		} else {
			others = append(others, c)
		}
	}
	if root.isSoma() && len(somaKids) == 2 && len(somaKids[0].children) == 0 && len(somaKids[1].children) == 0 {
		s := []*node{root, somaKids[0], somaKids[1]}
		lines := fmt.Sprintf("lines %d, %d and %d", s[0].line, s[1].line, s[2].line)
		for _, c := range s[1:] {
			if !(math.Abs(c.d-root.d) < 1e-15*um) {
				return fail(root.line, "a three-point soma (%s) needs one diameter, but its diameters are %g, %g and %g µm",
					lines, s[0].d*unit/1e-6, s[1].d*unit/1e-6, s[2].d*unit/1e-6)
			}
		}
		r := root.d / 2
		var dist [2]float64
		for i, c := range s[1:] {
			dx, dy, dz := c.x-root.x, c.y-root.y, c.z-root.z
			dist[i] = math.Sqrt(float64(dx*dx) + float64(dy*dy) + float64(dz*dz))
		}
		if math.Abs(dist[0]-r) > 0.1*um || math.Abs(dist[1]-r) > 0.1*um {
			return fail(root.line, "cannot make a three-point soma (%s) a sphere: the second and third points should be one radius (%.3f µm) from the first, but are %.3f µm and %.3f µm away",
				lines, r*unit/1e-6, dist[0]*unit/1e-6, dist[1]*unit/1e-6)
		}
		root.children = others
		return nil
	}
	somata := 0
	for _, n := range nodes {
		if n.isSoma() {
			somata++
		}
	}
	if somata > 1 && opt.Warn != nil {
		opt.Warn(root.line, fmt.Sprintf("%d soma points that are not a three-point soma at the root: the root is a sphere and the other soma points are sections of type soma", somata))
	}
	return nil
}

type swcBuilder struct {
	unit      float64
	spherical bool
	opt       SWCOptions
	fail      func(int, string, ...any) error
	byLast    map[*node]*Section
	order     []*Section
	firstLine map[*Section]int
}

// section is Brian2's _create_section for a chain of points of one type.
func (b *swcBuilder) section(chain []*node) (*Section, error) {
	if b.firstLine == nil {
		b.firstLine = map[*Section]int{}
	}
	last := chain[len(chain)-1]
	parent := chain[0].parent
	u := b.unit
	var sec *Section
	if b.spherical && len(chain) == 1 && chain[0].isSoma() {
		c := chain[0]
		sec = &Section{kind: KindSoma, n: 1, Type: "soma", diam: []float64{c.d * u}, length: []float64{c.d * u},
			x: []float64{c.x * u}, y: []float64{c.y * u}, z: []float64{c.z * u}}
	} else {
		var d, x, y, z []float64
		var ends []*node // the point at the end of each compartment
		if parent != nil {
			start := parent.d
			if parent.hasName && strings.ToLower(parent.name) == "soma" {
				start = chain[0].d
			}
			d = append(d, start*u)
			x, y, z = append(x, 0), append(y, 0), append(z, 0)
			for _, c := range chain {
				d = append(d, c.d*u)
				x, y, z = append(x, (c.x-parent.x)*u), append(y, (c.y-parent.y)*u), append(z, (c.z-parent.z)*u)
			}
			ends = chain
		} else {
			if len(chain) == 1 {
				if chain[0].isSoma() {
					return nil, b.fail(chain[0].line, "the soma is a single point, which only a spherical soma can model (CylindricalSoma is set)")
				}
				return nil, b.fail(chain[0].line, "the root point %d is a section of its own (its children branch or change type), and one point makes no compartment: Brian2 needs a soma or at least two points at the root", chain[0].index)
			}
			for _, c := range chain {
				d = append(d, c.d*u)
				x, y, z = append(x, c.x*u), append(y, c.y*u), append(z, c.z*u)
			}
			ends = chain[1:]
		}
		n := len(d) - 1
		sec = &Section{kind: KindSection, n: n, diam: d, x: x, y: y, z: z, length: lengthsFromPoints(x, y, z)}
		if last.hasName {
			sec.Type = last.name
		}
		if b.opt.Warn != nil {
			for i, l := range sec.length {
				if l == 0 {
					b.opt.Warn(ends[i].line, fmt.Sprintf("point %d is where its parent is: a compartment of length zero, with infinite r_length", ends[i].index))
				}
			}
		}
	}
	b.firstLine[sec] = chain[0].line
	if parent != nil {
		ps := b.byLast[parent]
		if err := ps.attach(last.name, last.hasName, sec, true); err != nil {
			return nil, b.fail(chain[0].line, "%v", err)
		}
	}
	return sec, nil
}
