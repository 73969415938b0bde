package expr_test

import (
	"fmt"

	"github.com/myelin-sim/myelin/core/expr"
)

func ExampleParseExpr() {
	x, err := expr.ParseExpr("(ge+gi-(v-El))/taum")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(x)
	fmt.Println(expr.Names(x))
	// Output:
	// (ge + gi - (v - El)) / taum
	// [ge gi v El taum]
}

func ExampleParseExpr_error() {
	src := "v > (Vt +\n    5*mV"
	_, err := expr.ParseExpr(src)
	for _, e := range err.(expr.ErrorList) {
		fmt.Println(e.Format(src))
	}
	// Output:
	// 2:9: expected ')' but found end of input
}

func ExampleParseStmts() {
	stmts, err := expr.ParseStmts("v = Vr; w += b  # reset\nlastspike = t")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range stmts {
		fmt.Printf("%s  (target %s, op %s)\n", s, s.Target.Name, s.Op)
	}
	// Output:
	// v = Vr  (target v, op =)
	// w += b  (target w, op +=)
	// lastspike = t  (target lastspike, op =)
}

func ExampleParseStmts_errors() {
	src := "v == Vr\nw += 3 mV"
	_, err := expr.ParseStmts(src)
	fmt.Println(err.(expr.ErrorList).Format(src))
	// Output:
	// 1:3: '==' compares: to assign, write '='
	// 2:8: expected an operator or end of statement but found 'mV' (to multiply, write 3*mV)
}
