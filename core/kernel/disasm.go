package kernel

import (
	"fmt"
	"strconv"
	"strings"
)

// String disassembles the kernel: its statements, the scalar code run once
// per call, and the block operations run for every block of elements.
// Vector operands are columns by name, temporaries t0, t1 ..., and ones (the
// vector of ones); scalar operands are constants, or s0, s1 ... computed
// once per call. [flush] marks an operation that checks what it stores for
// subnormal numbers (in index runs, and in range runs that check, see
// FlushEvery; the listing is that of the checking program).
func (k *Kernel) String() string { return k.p.listing }

func (g *codegen) listing() string {
	var b strings.Builder
	p := g.p
	if p.cond {
		fmt.Fprintf(&b, "condition %s\n", p.condExpr)
	} else {
		b.WriteString("statements:\n")
		for _, s := range p.stmts {
			fmt.Fprintf(&b, "  %s\n", s)
		}
	}
	temps := map[int32]string{}
	vname := func(slot int32) string {
		if slot == g.onesSlot {
			return "ones"
		}
		for c, s := range g.view {
			if s == slot {
				return colName(c)
			}
		}
		if n, ok := temps[slot]; ok {
			return n
		}
		n := "t" + strconv.Itoa(len(temps))
		temps[slot] = n
		return n
	}
	scals := map[int32]string{}
	consts := map[int32]bool{}
	for _, n := range g.l.nodes {
		if n.leaf == lfConst && n.slot >= 0 {
			consts[n.slot] = true
		}
	}
	sname := func(slot int32) string {
		if consts[slot] {
			v := g.scal0[slot]
			if v < 0 || (v == 0 && 1/v < 0) {
				return "(" + formatFloat(v) + ")"
			}
			return formatFloat(v)
		}
		if n, ok := scals[slot]; ok {
			return n
		}
		n := "s" + strconv.Itoa(len(scals))
		scals[slot] = n
		return n
	}
	fmt.Fprintf(&b, "per call (%d):\n", len(g.pro))
	for _, in := range g.pro {
		b.WriteString("  ")
		switch in.kind {
		case sLoad:
			fmt.Fprintf(&b, "%s = %s", sname(in.dst), colName(in.col))
		case sStore:
			fmt.Fprintf(&b, "%s = %s", colName(in.col), sname(in.a))
		default:
			fmt.Fprintf(&b, "%s = ", sname(in.dst))
			a, bb, c := sname(in.a), sname(in.b), sname(in.c)
			switch {
			case in.op == iNeg:
				fmt.Fprintf(&b, "-%s", a)
			case in.op == iNot:
				fmt.Fprintf(&b, "not %s", a)
			case in.op.unary():
				fmt.Fprintf(&b, "%s(%s)", in.op, a)
			case in.op == iTimestep:
				fmt.Fprintf(&b, "timestep(%s, %s)", a, bb)
			case in.op.binary():
				fmt.Fprintf(&b, "%s %s %s", a, in.op, bb)
			case in.op == iClip:
				fmt.Fprintf(&b, "clip(%s, %s, %s)", a, bb, c)
			case in.op == iPowi:
				fmt.Fprintf(&b, "%s**%d", a, in.n)
			case in.op == iRand, in.op == iRandn:
				fmt.Fprintf(&b, "%s()", in.op)
			case in.op == iPoisson:
				fmt.Fprintf(&b, "poisson(%s)", a)
			case in.op == iLookup:
				if in.ta.TwoD {
					fmt.Fprintf(&b, "%s(%s, %s)", taName(in.ta), a, bb)
				} else {
					fmt.Fprintf(&b, "%s(%s)", taName(in.ta), a)
				}
			}
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "per block of %d elements (%d):\n", BlockSize, len(g.prog))
	for _, in := range g.prog {
		arg := func(i int, scalar bool) string {
			if scalar {
				return sname(in.a[i])
			}
			return vname(in.a[i])
		}
		b.WriteString("  ")
		if in.spec >= 0 {
			s := opSpecs[in.spec]
			show := s.show
			for i := len(s.kinds) - 1; i >= 0; i-- {
				show = strings.ReplaceAll(show, "$"+strconv.Itoa(i), arg(i, s.kinds[i] == 'S'))
			}
			if s.sel {
				fmt.Fprintf(&b, "select %s", show)
			} else {
				fmt.Fprintf(&b, "%s = %s", vname(in.dst), show)
			}
			fmt.Fprintf(&b, "    [%s %s", s.name, s.kinds)
			if in.flush {
				b.WriteString(", flush")
			}
			b.WriteString("]\n")
			continue
		}
		a0 := arg(0, in.n&flagS0 != 0)
		switch in.sp {
		case spGather:
			fmt.Fprintf(&b, "%s = %s[%s]", vname(in.dst), colName(in.col), indexName(in.via))
		case spIota:
			fmt.Fprintf(&b, "%s = i", vname(in.dst))
		case spRand, spRandn:
			fmt.Fprintf(&b, "%s = %s()", vname(in.dst), map[special]string{spRand: "rand", spRandn: "randn"}[in.sp])
		case spPoisson:
			fmt.Fprintf(&b, "%s = poisson(%s)", vname(in.dst), a0)
		case spLookup:
			if in.ta.TwoD {
				fmt.Fprintf(&b, "%s = %s(%s, %s)", vname(in.dst), taName(in.ta), a0, arg(1, in.n&flagS1 != 0))
			} else {
				fmt.Fprintf(&b, "%s = %s(%s)", vname(in.dst), taName(in.ta), a0)
			}
		case spPowi:
			fmt.Fprintf(&b, "%s = %s**%d", vname(in.dst), arg(0, false), in.n)
		case spFill:
			fmt.Fprintf(&b, "%s = %s    [fill, flush]", vname(in.dst), arg(0, true))
		case spFlush:
			fmt.Fprintf(&b, "flush %s", vname(in.dst))
		case spScatter:
			fmt.Fprintf(&b, "%s[%s] %s %s    [scatter, flush]", colName(in.col), indexName(in.via), in.aop, a0)
		case spSelAll:
			fmt.Fprintf(&b, "select all if %s", arg(0, true))
		case spBlend:
			if t := int(in.n>>blendTermShift) & 0xf; t > 0 {
				var terms []string
				for i := range t {
					terms = append(terms, arg(2*i, false)+"*"+arg(2*i+1, true))
				}
				k := "int(" + arg(2*t, false) + ")"
				fmt.Fprintf(&b, "%s = (%s)*%s + (1 - %s)*%s", vname(in.dst), strings.Join(terms, " + "), k, k, arg(2*t+1, false))
				nd := 0
				for i := range t {
					if in.n>>blendDecayShift&(1<<i) != 0 {
						y := arg(2*i, false)
						fmt.Fprintf(&b, "; %s = %s*%s", y, y, arg(2*t+2+nd, true))
						nd++
					}
				}
				b.WriteString("    [chain blend")
				if nd > 0 {
					b.WriteString(" decay")
				}
				if in.flush {
					b.WriteString(", flush")
				}
				b.WriteString("]\n")
				continue
			}
			k := arg(1, false)
			if in.n&blendInt != 0 {
				k = "int(" + k + ")"
			}
			fmt.Fprintf(&b, "%s = %s*%s + (1 - %s)*%s    [blend", vname(in.dst), arg(0, false), k, k, arg(2, false))
			if in.flush {
				b.WriteString(", flush")
			}
			b.WriteString("]")
		case spSelCmpAnd:
			fmt.Fprintf(&b, "select %s %s %s and %s    [sel-cmp-and]", arg(0, false), iop(in.n>>8), arg(1, in.n&flagS1 != 0), arg(2, false))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func taName(ta *TimedArray) string {
	if ta.Name == "" {
		return "timedarray"
	}
	return ta.Name
}
