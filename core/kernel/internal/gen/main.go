// Command gen writes the kernel package's generated files: ops_gen.go, the
// block operations (one straight-line, 4-way unrolled loop per operation
// and operand shape), and, when it is missing or with -zig, zig_tables.go,
// the ziggurat's tables. Run it with go generate in core/kernel.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"strconv"
	"strings"
)

// spec is one block operation: name, operand kinds (V a vector slot, S a
// scalar slot) and the Go expression of one element, with $0, $1 ... for the
// operands. show is how the disassembly prints it.
type spec struct {
	name, kinds, expr, show string
	integral                bool // results are integers, ±0 or NaN: no subnormal check needed
	sel                     bool // a condition: append the indices where expr is true
	// decays > 0: a chain that also stores y_t*d_t into each of its term
	// columns y_t (operands base+2t), d_t being the last operands.
	decays, base int
}

var specs []spec

func add(name, kinds, expr, show string) {
	for _, k := range strings.Fields(kinds) {
		specs = append(specs, spec{name: name, kinds: k, expr: expr, show: show})
	}
}

func addInt(name, kinds, expr, show string) {
	for _, k := range strings.Fields(kinds) {
		specs = append(specs, spec{name: name, kinds: k, expr: expr, show: show, integral: true})
	}
}

func buildSpecs() {
	// Unary operations and functions.
	add("neg", "V", "-$0", "-$0")
	addInt("not", "V", "b2f($0 == 0)", "not $0")
	for _, f := range []struct{ name, fn string }{
		{"exp", "fnExp"}, {"log", "fnLog"}, {"log10", "fnLog10"}, {"sqrt", "fnSqrt"},
		{"abs", "fnAbs"}, {"sin", "fnSin"}, {"cos", "fnCos"}, {"tan", "fnTan"},
		{"sinh", "fnSinh"}, {"cosh", "fnCosh"}, {"tanh", "fnTanh"}, {"arcsin", "fnAsin"},
		{"arccos", "fnAcos"}, {"arctan", "fnAtan"}, {"expm1", "fnExpm1"},
		{"log1p", "fnLog1p"}, {"exprel", "fnExprel"},
	} {
		add(f.name, "V", f.fn+"($0)", f.name+"($0)")
	}
	addInt("sign", "V", "sign($0)", "sign($0)")
	addInt("floor", "V", "fnFloor($0)", "floor($0)")
	addInt("ceil", "V", "fnCeil($0)", "ceil($0)")
	addInt("int", "V", "fnTrunc($0)", "int($0)")
	add("copy", "V", "$0", "$0")
	add("powi2", "V", "powi2($0)", "$0**2")
	add("powi3", "V", "powi3($0)", "$0**3")
	add("powi4", "V", "powi4($0)", "$0**4")

	// Binary operators. S op V forms of commutative operators and mirrored
	// comparisons are compiled as V op' S.
	add("+", "VV VS", "$0 + $1", "$0 + $1")
	add("-", "VV VS SV", "$0 - $1", "$0 - $1")
	add("*", "VV VS", "$0 * $1", "$0*$1")
	add("/", "VV VS SV", "$0 / $1", "$0/$1")
	addInt("//", "VV VS SV", "pyFloorDiv($0, $1)", "$0 // $1")
	add("%", "VV VS SV", "pyMod($0, $1)", "$0 % $1")
	add("**", "VV VS SV", "fnPow($0, $1)", "$0**$1")
	for _, c := range []string{"<", "<=", ">", ">="} {
		addInt(c, "VV VS", "b2f($0 "+c+" $1)", "$0 "+c+" $1")
	}
	addInt("==", "VV VS", "b2f($0 == $1)", "$0 == $1")
	addInt("!=", "VV VS", "b2f($0 != $1)", "$0 != $1")
	addInt("and", "VV VS", "b2f($0 != 0 && $1 != 0)", "$0 and $1")
	addInt("or", "VV VS", "b2f($0 != 0 || $1 != 0)", "$0 or $1")
	addInt("timestep", "VV VS SV", "timestep($0, $1)", "timestep($0, $1)")
	add("clip", "VSS VVV VVS VSV SVV SVS SSV", "clip($0, $1, $2)", "clip($0, $1, $2)")

	// Fused shapes: multiply-add, the affine forms and products of
	// invariant factors.
	add("fma", "VVV VSV VVS VSS", "float64($0*$1) + $2", "$0*$1 + $2")
	add("fms", "VVV VSV", "float64($0*$1) - $2", "$0*$1 - $2")
	add("fnms", "VVV VVS", "$2 - float64($0*$1)", "$2 - $0*$1")
	add("affine", "VSSS", "float64(($0 - $1) * $2) + $3", "($0 - $1)*$2 + $3")
	add("add2", "VSS", "($0 + $1) + $2", "$0 + $1 + $2")
	add("rsubadd", "SVS", "($0 - $1) + $2", "$0 - $1 + $2")
	add("divdiv", "VVS SVS VSS", "($0 / $1) / $2", "$0/$1/$2")
	add("divadd", "VVS SVS", "$0 / ($1 + $2)", "$0/($1 + $2)")
	add("divsub", "VVS SVS", "$0 / ($1 - $2)", "$0/($1 - $2)")
	add("submul", "VSS SVS VVS VSV SVV VVV", "($0 - $1) * $2", "($0 - $1)*$2")
	add("addmul", "VSS VVS VSV VVV", "($0 + $1) * $2", "($0 + $1)*$2")
	add("mul2", "VSS VVS", "($0 * $1) * $2", "$0*$1*$2")
	add("mul3", "VSSS", "(($0 * $1) * $2) * $3", "$0*$1*$2*$3")
	add("muldiv", "VSS", "($0 * $1) / $2", "$0*$1/$2")
	add("mul2div", "VSSS", "(($0 * $1) * $2) / $3", "$0*$1*$2/$3")
	add("mul3div", "VSSSS", "((($0 * $1) * $2) * $3) / $4", "$0*$1*$2*$3/$4")
	add("divmul", "VSS", "($0 / $1) * $2", "$0/$1*$2")
	add("expmul", "VS", "fnExp($0 * $1)", "exp($0*$1)")
	add("expdiv", "VS", "fnExp($0 / $1)", "exp($0/$1)")
	add("expfma", "VSS", "fnExp(float64($0*$1) + $2)", "exp($0*$1 + $2)")
	add("exprelmul", "VS", "fnExprel($0 * $1)", "exprel($0*$1)")

	// Chains: a base, then up to three terms y*c added in order. A term
	// stands for any addend: y alone (c = 1), -y (c = -1), a constant k
	// (y = the vector of ones, c = k); each is exact.
	bases := []struct{ name, kinds, expr, show string }{
		{"K", "S", "$0", "$0"},
		{"V", "V", "$0", "$0"},
		{"L", "VS", "float64($0 * $1)", "$0*$1"},
		{"A", "VSS", "float64(($0 - $1) * $2)", "($0 - $1)*$2"},
		{"LK", "VSS", "(float64($0*$1) + $2)", "$0*$1 + $2"},
		{"AK", "VSSS", "(float64(($0 - $1) * $2) + $3)", "($0 - $1)*$2 + $3"},
	}
	for _, b := range bases {
		for m := 1; m <= 3; m++ {
			if (b.name == "K" || b.name == "V") && m == 1 {
				continue // that is fma
			}
			expr, show, kinds := b.expr, b.show, b.kinds
			n := len(b.kinds)
			for t := 0; t < m; t++ {
				expr = fmt.Sprintf("(%s + float64($%d * $%d))", expr, n, n+1)
				show = fmt.Sprintf("%s + $%d*$%d", show, n, n+1)
				kinds += "VS"
				n += 2
			}
			specs = append(specs, spec{name: "chain" + b.name + strconv.Itoa(m), kinds: kinds, expr: expr, show: show})
			// the same chain, decaying its terms' columns: the linear
			// update of a neuron with exponential synapses
			dshow := show
			for t := 0; t < m; t++ {
				y := len(b.kinds) + 2*t
				dshow += fmt.Sprintf("; $%d = $%d*$%d", y, y, n+t)
			}
			specs = append(specs, spec{name: "chain" + b.name + strconv.Itoa(m) + "d", kinds: kinds + strings.Repeat("S", m),
				expr: expr, show: dshow, decays: m, base: len(b.kinds)})
		}
	}

	// Conditions that append the selected indices.
	for _, c := range []string{"<", "<=", ">", ">=", "==", "!="} {
		for _, k := range []string{"VV", "VS"} {
			specs = append(specs, spec{name: "sel" + c, kinds: k, expr: "$0 " + c + " $1", show: "$0 " + c + " $1", sel: true})
		}
	}
	specs = append(specs, spec{name: "sel", kinds: "V", expr: "$0 != 0", show: "$0", sel: true})
}

func goName(s spec, flush bool) string {
	r := strings.NewReplacer("+", "add", "-", "sub", "*", "mul", "/", "div", "%", "mod",
		"<", "lt", ">", "gt", "=", "eq", "!", "not")
	n := "op_" + r.Replace(s.name) + "_" + s.kinds
	if flush {
		n += "_F"
	}
	return n
}

// subst replaces $i (largest first, so that $10 is not read as $1) with
// the operand's text.
func subst(expr string, kinds string, elem func(i int) string, scal func(i int) string) string {
	for i := len(kinds) - 1; i >= 0; i-- {
		var r string
		if kinds[i] == 'V' {
			r = elem(i)
		} else {
			r = scal(i)
		}
		expr = strings.ReplaceAll(expr, "$"+strconv.Itoa(i), r)
	}
	return expr
}

// heavy reports whether an operation calls a function per element: its
// loop is not unrolled (the call dominates), and stores of its results are
// checked for subnormal numbers by a separate pass.
func heavy(s spec) bool {
	for _, f := range []string{"fn", "py", "powi", "timestep(", "clip(", "sign("} {
		if strings.Contains(s.expr, f) {
			return true
		}
	}
	return false
}

func writeSimple(b *bytes.Buffer, s spec, scal func(int) string) {
	// exp and exprel over the block in one call (fnExpSlice,
	// fnExprelSlice: the same bits), not one per element; an argument
	// computed first is written to d and taken from there.
	switch s.expr {
	case "fnExprel($0)":
		b.WriteString("\tfnExprelSlice(d, a0)\n")
		return
	case "fnExprel($0 * $1)":
		b.WriteString("\ta0 = a0[:len(d)]\n\tfor j := range d {\n\t\td[j] = a0[j] * a1\n\t}\n\tfnExprelSlice(d, d)\n")
		return
	case "fnExp($0)":
		b.WriteString("\tfnExpSlice(d, a0)\n")
		return
	case "fnExp($0 * $1)", "fnExp($0 / $1)", "fnExp(float64($0*$1) + $2)":
		arg := strings.TrimSuffix(strings.TrimPrefix(s.expr, "fnExp("), ")")
		e := subst(arg, s.kinds, func(i int) string { return fmt.Sprintf("a%d[j]", i) }, scal)
		fmt.Fprintf(b, "\ta0 = a0[:len(d)]\n\tfor j := range d {\n\t\td[j] = %s\n\t}\n\tfnExpSlice(d, d)\n", e)
		return
	}
	e := subst(s.expr, s.kinds, func(i int) string { return fmt.Sprintf("a%d[j]", i) }, scal)
	for i, k := range s.kinds {
		if k == 'V' {
			fmt.Fprintf(b, "\ta%d = a%d[:len(d)]\n", i, i)
		}
	}
	fmt.Fprintf(b, "\tfor j := range d {\n\t\td[j] = %s\n\t}\n", e)
}

func writeOp(b *bytes.Buffer, s spec, flush bool) {
	fmt.Fprintf(b, "func %s(x *exec, in *instr) {\n", goName(s, flush))
	b.WriteString("\tn := x.n\n")
	if !s.sel {
		b.WriteString("\td := x.v[in.dst][:n]\n")
	}
	for i, k := range s.kinds {
		if k == 'V' {
			fmt.Fprintf(b, "\ta%d := x.v[in.a[%d]][:n]\n", i, i)
		} else {
			fmt.Fprintf(b, "\ta%d := x.s[in.a[%d]]\n", i, i)
		}
	}
	scal := func(i int) string { return fmt.Sprintf("a%d", i) }
	if s.sel {
		writeSel(b, s, scal)
		b.WriteString("}\n\n")
		return
	}
	if heavy(s) {
		writeSimple(b, s, scal)
		b.WriteString("}\n\n")
		return
	}
	if flush {
		b.WriteString("\tm := uint64(1<<64 - 1)\n")
	}
	b.WriteString("\tj := 0\n\tfor ; j <= n-4; j += 4 {\n")
	b.WriteString("\t\td4 := d[j : j+4 : j+4]\n")
	for i, k := range s.kinds {
		if k == 'V' {
			fmt.Fprintf(b, "\t\ta%d4 := a%d[j : j+4 : j+4]\n", i, i)
		}
	}
	for u := 0; u < 4; u++ {
		e := subst(s.expr, s.kinds, func(i int) string { return fmt.Sprintf("a%d4[%d]", i, u) }, scal)
		fmt.Fprintf(b, "\t\tr%d := %s\n", u, e)
	}
	dec := func(t int) (y, d int) { return s.base + 2*t, len(s.kinds) - s.decays + t }
	for t := 0; t < s.decays; t++ {
		y, d := dec(t)
		fmt.Fprintf(b, "\t\ty%d0, y%d1, y%d2, y%d3 := a%d4[0]*a%d, a%d4[1]*a%d, a%d4[2]*a%d, a%d4[3]*a%d\n", t, t, t, t, y, d, y, d, y, d, y, d)
	}
	b.WriteString("\t\td4[0], d4[1], d4[2], d4[3] = r0, r1, r2, r3\n")
	for t := 0; t < s.decays; t++ {
		y, _ := dec(t)
		fmt.Fprintf(b, "\t\ta%d4[0], a%d4[1], a%d4[2], a%d4[3] = y%d0, y%d1, y%d2, y%d3\n", y, y, y, y, t, t, t, t)
	}
	if flush {
		b.WriteString("\t\tm = min(m, subKey(r0), subKey(r1), subKey(r2), subKey(r3))\n")
		for t := 0; t < s.decays; t++ {
			fmt.Fprintf(b, "\t\tm = min(m, subKey(y%d0), subKey(y%d1), subKey(y%d2), subKey(y%d3))\n", t, t, t, t)
		}
	}
	b.WriteString("\t}\n\tfor ; j < n; j++ {\n")
	e := subst(s.expr, s.kinds, func(i int) string { return fmt.Sprintf("a%d[j]", i) }, scal)
	fmt.Fprintf(b, "\t\tr := %s\n", e)
	for t := 0; t < s.decays; t++ {
		y, d := dec(t)
		fmt.Fprintf(b, "\t\ty%d := a%d[j]*a%d\n", t, y, d)
	}
	b.WriteString("\t\td[j] = r\n")
	for t := 0; t < s.decays; t++ {
		y, _ := dec(t)
		fmt.Fprintf(b, "\t\ta%d[j] = y%d\n", y, t)
	}
	if flush {
		b.WriteString("\t\tm = min(m, subKey(r))\n")
		for t := 0; t < s.decays; t++ {
			fmt.Fprintf(b, "\t\tm = min(m, subKey(y%d))\n", t)
		}
	}
	b.WriteString("\t}\n")
	if flush {
		b.WriteString("\tif m < subLim {\n\t\tflushSlice(d)\n")
		for t := 0; t < s.decays; t++ {
			y, _ := dec(t)
			fmt.Fprintf(b, "\t\tflushSlice(a%d)\n", y)
		}
		b.WriteString("\t}\n")
	}
	b.WriteString("}\n\n")
}

// writeSel writes a selection: four elements are tested at a time, and
// looked at one by one only when one of them passes (a branch per element
// costs much more than the comparisons, in WebAssembly above all).
func writeSel(b *bytes.Buffer, s spec, scal func(int) string) {
	at := func(j string) string {
		return subst(s.expr, s.kinds, func(i int) string { return fmt.Sprintf("a%d[%s]", i, j) }, scal)
	}
	for i, k := range s.kinds {
		if k == 'V' {
			fmt.Fprintf(b, "\ta%d = a%d[:n]\n", i, i)
		}
	}
	b.WriteString("\tout := x.out\n\tix := x.ix\n\tif ix != nil {\n\t\tix = ix[:n]\n\t}\n\tlo := int32(x.lo)\n")
	b.WriteString("\tsel := func(from, to int) {\n\t\tfor j := from; j < to; j++ {\n")
	fmt.Fprintf(b, "\t\t\tif %s {\n\t\t\t\tif ix != nil {\n\t\t\t\t\tout = append(out, ix[j])\n\t\t\t\t} else {\n\t\t\t\t\tout = append(out, lo+int32(j))\n\t\t\t\t}\n\t\t\t}\n", at("j"))
	b.WriteString("\t\t}\n\t}\n")
	b.WriteString("\tj := 0\n\tfor ; j <= n-4; j += 4 {\n")
	for i, k := range s.kinds {
		if k == 'V' {
			fmt.Fprintf(b, "\t\ta%d4 := a%d[j : j+4 : j+4]\n", i, i)
		}
	}
	at4 := func(u int) string {
		return subst(s.expr, s.kinds, func(i int) string { return fmt.Sprintf("a%d4[%d]", i, u) }, scal)
	}
	fmt.Fprintf(b, "\t\tif %s || %s || %s || %s {\n\t\t\tsel(j, j+4)\n\t\t}\n\t}\n", at4(0), at4(1), at4(2), at4(3))
	b.WriteString("\tsel(j, n)\n\tx.out = out\n")
}

var zig = flag.Bool("zig", false, "also rewrite zig_tables.go (its values decide every randn draw: rewriting them changes the golden hashes)")

func main() {
	flag.Parse()
	buildSpecs()
	var b bytes.Buffer
	b.WriteString("// Code generated by internal/gen (go generate); DO NOT EDIT.\n\npackage kernel\n\n")
	b.WriteString("// opSpecs lists the block operations: name, operand kinds (V vector, S\n// scalar), how the disassembly shows them, whether stored results need the\n// subnormal check, and their functions (fnF checks the results for subnormal\n// numbers and flushes them; nil where a separate pass does it, or where the\n// results cannot be subnormal).\nvar opSpecs = [...]opSpec{\n")
	withF := func(s spec) bool { return !s.integral && !s.sel && !heavy(s) }
	for _, s := range specs {
		f, g := "nil", goName(s, false)
		if withF(s) {
			f = goName(s, true)
		}
		fmt.Fprintf(&b, "\t{name: %q, kinds: %q, show: %q, sel: %v, checked: %v, fn: %s, fnF: %s},\n",
			s.name, s.kinds, s.show, s.sel, !s.integral && !s.sel, g, f)
	}
	b.WriteString("}\n\n")
	for _, s := range specs {
		writeOp(&b, s, false)
		if withF(s) {
			writeOp(&b, s, true)
		}
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		os.WriteFile("ops_gen.go.broken", b.Bytes(), 0o644)
		log.Fatal(err)
	}
	if err := os.WriteFile("ops_gen.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
	if _, err := os.Stat("zig_tables.go"); err == nil && !*zig {
		return
	}
	tables, err := format.Source(zigTables())
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("zig_tables.go", tables, 0o644); err != nil {
		log.Fatal(err)
	}
}
