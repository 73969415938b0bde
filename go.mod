module github.com/myelin-sim/myelin

go 1.26.0
