# XPM Sync — build, test and packaging entry points.
#   make demo            run the app against the built-in fake XPM
#   make test            vet, lint, race tests, the store and engine tests on PostgreSQL, real-keychain
#                        tests, fuzz smoke run
#   make lint            staticcheck (pinned), the function length/complexity gate and the layering gate
#   make bench           benchmarks with allocation figures (PostgreSQL variants when it is installed)
#   make package-windows dist/windows/XPM Sync.exe (cross-built with MinGW-w64)
#   make package-macos   dist/macos/XPM Sync.app (on a Mac)
#   make screenshot      docs/screenshot.png of the demo window (Xvfb)
#   make screenshots     docs/*.png of every tab of the lived-in demo practice (Xvfb, xdotool)
#   make vet-darwin      go vet the cgo-free packages for macOS
# System packages are installed on Debian/Ubuntu when missing (tools/deps.sh).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
GO ?= go
# Build tag the fyne tool adds for `[Migrations] fyneDo = true`; plain `go run`
# needs it spelled out. Tests run without it so Fyne keeps its thread checks. no_emoji leaves out
# Fyne's 4 MB colour-emoji font, which it parsed for every text style at start (15 MB of heap, a
# tenth of the start-up); emoji in client names come from the system's fonts instead.
APP_TAGS ?= migrated_fynedo,no_emoji
DEMO_ARGS ?=
FUZZTIME ?= 40000x
BENCH ?= .
BENCH_PKGS ?= ./...
BENCHTIME ?= 1s
# Pinned: a new staticcheck release brings new checks, taken on deliberately.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: deps deps-test demo run test vet race pg-test keychain-test fuzz bench lint staticcheck funclimits importrules \
	package-windows package-macos screenshot screenshots vet-darwin clean

deps:
	@bash tools/deps.sh build

deps-test:
	@bash tools/deps.sh build test

# Fyne cannot read the POSIX "C" locale and says so on every start; give it a real one.
APP_LANG = $$(case "$${LANG:-C}" in C|C.*|POSIX) echo en_US.UTF-8;; *) echo "$$LANG";; esac)

demo: deps
	LANG=$(APP_LANG) $(GO) run -tags $(APP_TAGS) ./cmd/xpmsync --demo $(DEMO_ARGS)

run: deps
	$(GO) run -tags $(APP_TAGS) ./cmd/xpmsync $(DEMO_ARGS)

test: deps-test vet lint race pg-test keychain-test fuzz

vet:
	$(GO) vet ./...

race:
	$(GO) test -race ./...
	cd cmd/xpmsync/earlylocale && $(GO) test -race ./...

lint: staticcheck funclimits importrules

# Zero findings, tests included.
staticcheck:
	$(GO) run $(STATICCHECK) ./...
	cd cmd/xpmsync/earlylocale && $(GO) run $(STATICCHECK) ./...

# Every function outside tests and the fake XPM: at most 60 lines, cyclomatic complexity 15.
funclimits:
	$(GO) run ./tools/funclimits -lines 60 -complexity 15 -skip core/xpmfake .

# The layers of README's "Which package may import which": screens/ never imports core/store or
# core/syncer, core/view only core/model, core/ never Fyne (every file's imports, tests included).
importrules:
	$(GO) run ./tools/importrules .

# The store and engine suites once more, on a throwaway PostgreSQL cluster (tools/pg-cluster.sh).
# Linux CI must run them (installing postgresql when missing); elsewhere they skip with one line
# when PostgreSQL is not installed. The race detector already ran over the same code above.
PG_PKGS ?= ./core/store/... ./core/syncer/... ./core/linking/... ./core/staff/... ./core/importer/... \
	./core/schedule/... ./core/activity/... ./core/export/... ./core/health/...
PG_REQUIRE = $$( [ "$$(uname -s)" = Linux ] && echo 1 || echo "$${XPMSYNC_REQUIRE_PG:-}")
# PG_ONLY are the tests that need PostgreSQL whatever the run's engine (migrate, two seats).
PG_ONLY ?= -run "Migrate|Seat|Leader|Postgres" ./cmd/xpmsync/ ./core/leader/... ./app/
pg-test:
	XPMSYNC_REQUIRE_PG=$(PG_REQUIRE) bash tools/pg-cluster.sh sh -c \
		'XPMSYNC_TEST_BACKEND=postgres $(GO) test $(PG_PKGS) && $(GO) test $(PG_ONLY)'

keychain-test:
	@bash tools/keychain-tests.sh

fuzz:
	@bash tools/fuzz-smoke.sh $(FUZZTIME)

# The PostgreSQL variants (BenchmarkSearch50k/postgres) run on a throwaway cluster when
# PostgreSQL is installed, and skip when it is not.
bench: deps
	XPMSYNC_PG_OPTIONAL=1 bash tools/pg-cluster.sh \
		$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -benchtime $(BENCHTIME) $(BENCH_PKGS)

package-windows:
	@bash tools/deps.sh build windows
	@bash tools/package-windows.sh

package-macos:
	@bash tools/package-macos.sh

screenshot:
	@bash tools/deps.sh build screenshot
	@bash tools/screenshot.sh docs/screenshot.png

screenshots:
	@bash tools/deps.sh build screenshot
	@bash tools/screenshots.sh docs

vet-darwin:
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $(GO) vet ./core/...

clean:
	rm -rf dist
