# myelin's build. `make serve` and `make test` are the two commands a new
# user needs (README.md); both work on a fresh Debian machine with Go.

GO      ?= go
PORT    ?= 8080
DIST    := site/dist
GOROOT  := $(shell $(GO) env GOROOT)
WASMEXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
.PHONY: all build desktop wasm site sitebuild app-wasm site-single test-browser serve test test-deps test-native test-wasm test-js test-gui check-brian2 test-examples-brian2 fmt fmt-check vet bench clean

# Packages that link Ebiten, directly or through app/, panic at start-up
# where there is no display: test-gui runs their tests under Xvfb, and
# test-native runs everything else. The lists are read from the import graph,
# so a new package lands on the right side by itself.
PKG_DEPS   = $(GO) list -f '{{.ImportPath}}{{range .Deps}} {{.}}{{end}}' ./...
GUI_PKGS   = $(shell $(PKG_DEPS) | grep ' github.com/hajimehoshi/ebiten' | cut -d' ' -f1)
NOGUI_PKGS = $(shell $(PKG_DEPS) | grep -v ' github.com/hajimehoshi/ebiten' | cut -d' ' -f1)
# The packages whose tests also run compiled to WebAssembly under Node: the
# core and the drawing code that knows nothing of Ebiten.
WASM_TEST_PKGS = $(shell $(PKG_DEPS) | grep -v ' github.com/hajimehoshi/ebiten' | cut -d' ' -f1 | grep -E '/(units|core|render|morphviz)(/|$$)')

all: build

build:
	$(GO) build -o bin/myelin ./cmd/myelin

# desktop builds the native app (Ebiten through cgo: Linux needs the X11/GL
# development packages that scripts/install-test-deps.sh lists).
desktop:
	$(GO) build -o bin/myelin-desktop ./cmd/myelin-desktop

wasm:
	mkdir -p $(DIST)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags=-s -o $(DIST)/myelin.wasm ./wasm

# site writes the static site to site/dist (docs/site.md): the gallery, the
# model pages, the live view (app.html with app.wasm), the scripting API
# (myelin.js, myelin.wasm), a picture per example (redone only when its file
# changes), and .gz/.br copies of the WebAssembly (redone only when its bytes
# change). site-single writes one self-contained HTML file that runs the LIF
# example from disk. Everything here needs only Go (tools/sitebuild).
SITE_PICTURES := $(patsubst examples/%.toml,$(DIST)/img/%.png,$(wildcard examples/*.toml))
SITEBUILD     := bin/sitebuild

site: wasm app-wasm $(SITE_PICTURES) sitebuild
	$(SITEBUILD) pages $(DIST)
	cp "$(GOROOT)/lib/wasm/wasm_exec.js" $(DIST)/
	$(SITEBUILD) compress $(DIST)/myelin.wasm $(DIST)/app.wasm

$(DIST)/img/%.png: examples/%.toml | build sitebuild
	$(SITEBUILD) picture $< $@

sitebuild:
	$(GO) build -o $(SITEBUILD) ./tools/sitebuild

app-wasm:
	mkdir -p $(DIST)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags=-s -o $(DIST)/app.wasm ./wasm/app

site-single: site
	$(SITEBUILD) single $(DIST) $(DIST)/myelin-single.html

serve: site
	$(GO) run ./tools/serve -dir $(DIST) -addr 127.0.0.1:$(PORT)

# test installs what the tests need when it is missing, then runs them all.
test: test-deps fmt-check vet test-native test-wasm test-js test-browser test-gui check-brian2

test-deps:
	@sh scripts/install-test-deps.sh

fmt:
	gofmt -w .

fmt-check:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet $(WASM_TEST_PKGS) ./wasm/...

test-native:
	$(GO) test $(NOGUI_PKGS)

# test-gui runs the tests of the packages that draw with Ebiten under a
# virtual X display.
test-gui:
	@pkgs="$(GUI_PKGS)"; if [ -n "$$pkgs" ]; then \
		echo xvfb-run -a -s "-screen 0 1280x800x24" $(GO) test $$pkgs; \
		xvfb-run -a -s "-screen 0 1280x800x24" $(GO) test $$pkgs; fi

test-wasm:
	GOOS=js GOARCH=wasm $(GO) test -exec="$(WASMEXEC)" $(WASM_TEST_PKGS)

# test-js runs the JavaScript API (site/myelin.js on the WebAssembly build)
# under Node and compares its results with the command line's.
test-js: wasm build
	GO=$(GO) node site/test/api_test.js --wasm $(DIST)/myelin.wasm --cli bin/myelin

# test-browser runs the site in headless Chromium (site/test/browser_test.js,
# with playwright-core pinned in site/test/package-lock.json) against the
# command line's results. It compresses with a fast brotli quality; `make
# site` redoes the copies at the best one.
test-browser: export MYELIN_BROTLI_QUALITY = 5
test-browser: site site-single site/test/node_modules/.package-lock.json
	$(GO) build -o bin/serve ./tools/serve
	node site/test/browser_test.js --dist $(DIST) --cli bin/myelin --serve bin/serve

site/test/node_modules/.package-lock.json: site/test/package-lock.json
	cd site/test && npm ci --no-audit --no-fund

# test-examples-brian2 is the full export round trip: every model of
# examples/ is exported, run in Brian2 2.5.1 for its whole duration and
# compared with myelin's own run (core/export/examples_test.go). make test
# runs the fast examples only; this takes 15-30 minutes on 2 cores.
test-examples-brian2:
	MYELIN_TEST_EXAMPLES=all $(GO) test -run TestExamplesBrian2 -timeout 90m -v ./core/export/

# check-brian2 regenerates the reference data from Brian2 itself and fails
# when the committed copy differs.
check-brian2:
	@sh scripts/brian2/check.sh

# check-brian2-stats runs the random network models of scripts/brian2/stats
# (CUBA, COBAHH, Brunel & Hakim, STDP) in Brian2 for all their seeds, about
# an hour, and compares myelin's examples with those fresh statistics
# (internal/stats). Too slow for make test, which uses the committed copy.
.PHONY: check-brian2-stats
check-brian2-stats:
	@GO=$(GO) sh scripts/brian2/stats/check.sh

# bench is the benchmark suite beside Brian2 (tools/bench, docs/performance.md):
# every case run by myelin natively on one core and on all cores and in
# WebAssembly under Node (optimised before the run, and with Node's default
# tiering: wasm-tiering), and by Brian2 2.5.1 (cython, cpp_standalone), with
# a table of the times, memory and ratios. The whole suite takes an hour or
# more; choose cases and runners, or a quick mode:
#   make bench BENCH=cuba-4000,cobahh-* BENCH_RUNNERS=native1,cpp QUICK=1
# (bin/bench -list lists the cases). bench-micro runs the go test
# micro-benchmarks of units/ and core/, natively and in WebAssembly.
.PHONY: bench-micro
BENCH         ?=
BENCH_RUNNERS ?= native1,native,wasm,wasm-tiering,cython,cpp
bench:
	$(GO) build -o bin/bench ./tools/bench
	GOOS=js GOARCH=wasm $(GO) build -o bin/bench.wasm ./tools/bench
	bin/bench -cases '$(BENCH)' -runners '$(BENCH_RUNNERS)' -wasm bin/bench.wasm -wasmexec '$(WASMEXEC)' $(if $(QUICK),-quick) $(BENCH_FLAGS)

bench-micro:
	$(GO) test -run='^$$' -bench=. -benchmem ./units/... ./core/...
	GOOS=js GOARCH=wasm $(GO) test -exec="$(WASMEXEC)" -run='^$$' -bench=. -benchmem ./core/...

clean:
	rm -rf bin $(DIST)
