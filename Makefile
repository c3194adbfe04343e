GO ?= go
BIN := bin/smartplan
PKGS := ./...

PREFIX ?= /usr/local

.PHONY: all build install test vet fmt-check bench demo fuzz golden lint tidy-check clean samples

all: build

build:
	$(GO) build -trimpath -o $(BIN) ./cmd/smartplan

## install: the binary into $(PREFIX)/bin (the cron and systemd examples
## of the README run /usr/local/bin/smartplan)
install: build
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/smartplan

## test: vet, formatting check, race-enabled tests
test: vet fmt-check
	$(GO) test -race -count=1 $(PKGS)

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needs to run on:"; echo "$$out"; exit 1; fi

lint: vet fmt-check tidy-check

tidy-check:
	$(GO) mod tidy -diff

## demo: run the main job on the bundled samples
demo: build
	./$(BIN) plan --history samples/history.xlsx --activity samples/activity.xlsx \
		--targets samples/targets.xlsx --config samples/config.yaml --market samples/market.csv --as-of 2026-11-30 --out out/demo

## bench: every benchmark; the large ones (1,000,000-deal history, 500
## targets) run a fixed number of times, so the whole run takes minutes
bench:
	SMARTPLAN_BENCH_1M=1 $(GO) test -run '^$$' -bench . -benchtime 3x -benchmem -timeout 60m ./importer/ ./planner/ ./report/ ./cmd/smartplan/
	$(GO) test -run '^$$' -bench . -benchmem ./importer/parse/ ./importer/internal/xlsxstream/ ./templates/ ./report/font/ ./cmd/smartplan/internal/... ./samples/...

## fuzz: FUZZTIME per target (default 30s); every importer entry point and parser
FUZZTIME ?= 30s
FUZZ = $(GO) test -run '^$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 1x
fuzz:
	$(FUZZ) -fuzz '^FuzzLoadHistoryCSV$$' ./importer
	$(FUZZ) -fuzz '^FuzzLoadHistoryXLSX$$' ./importer
	$(FUZZ) -fuzz '^FuzzCSVReaderMatchesEncodingCSV$$' ./importer
	$(FUZZ) -fuzz '^FuzzMatchesExcelize$$' ./importer/internal/xlsxstream
	$(FUZZ) -fuzz '^FuzzParseNumber$$' ./importer/parse
	$(FUZZ) -fuzz '^FuzzParseDate$$' ./importer/parse
	$(FUZZ) -fuzz '^FuzzExcelSerial$$' ./importer/parse
	$(FUZZ) -fuzz '^FuzzHeader$$' ./importer/parse
	$(FUZZ) -fuzz '^FuzzNumberFormats$$' ./importer/parse
	$(FUZZ) -fuzz '^FuzzSentence$$' ./templates

golden:
	$(GO) test ./report/ ./templates/ ./cmd/smartplan/internal/batch/ -update

samples:
	$(GO) run ./samples/gen -out samples

clean:
	rm -rf bin out
