# essec: build, test, lint, demo, bench.
GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT   ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo none)
DATE     ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS  := -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(DATE)
BIN      := bin/essec
STATICCHECK_VERSION := v0.8.2

.PHONY: all build test test-short lint demo bench fuzz catalogue clean release-snapshot cross

PLATFORMS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64

all: build

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/essec

# The whole test suite: Go tests (Rego tests included through OPA's tester),
# golden files, fake clusters on loopback, and the optional compatibility
# tests over ../shared when it is present. TEST_TIMEOUT bounds each package:
# far above what any package needs (internal/cli, the slowest, takes well
# under a minute of CPU), so a loaded CI runner does not fail for no fault
# of the code, while a hung test still ends the run.
TEST_TIMEOUT ?= 10m
test:
	$(GO) test -count=1 -timeout $(TEST_TIMEOUT) ./...

test-short:
	$(GO) test -short -timeout $(TEST_TIMEOUT) ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

# Audit the shipped demo: three Elasticsearch nodes and one Kibana that reach
# minimal but not basic. essec exits 1 because the target level (https) is
# not met; the demo target shows the report and succeeds.
demo: build
	@./$(BIN) audit testdata/demo/essec.yaml; code=$$?; echo; echo "essec exited with $$code (1 = target level not met, as expected for the demo)"; [ $$code -le 3 ]

# Times essec audit over synthetic fleets (cmd/essec-bench writes N nodes,
# each with its own elasticsearch.yml and six PEM files signed by one CA,
# plus Kibana instances) and prints wall time, time per node, CPU and peak
# RSS: first without keystores (issue 12's case) over BENCH_NODES, with
# conftest over the same elasticsearch.yml files and the ten-rule policy of
# testdata/bench/conftest when conftest is on PATH or CONFTEST names it;
# then with a version-7 keystore per node over BENCH_KEYSTORE_NODES. Then
# the Go benchmarks of each stage (audit stages, policy groups, redaction).
BENCH_NODES ?= 1,50,400,4000
BENCH_KEYSTORE_NODES ?= 1,50,400
bench: build
	$(GO) run ./cmd/essec-bench -essec $(BIN) -nodes $(BENCH_NODES) -keystore-nodes $(BENCH_KEYSTORE_NODES) $(if $(CONFTEST),-conftest $(CONFTEST))
	$(GO) test -run '^$$' -bench . -benchmem ./internal/audit/ ./internal/policy/ ./internal/redact/

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 30s ./internal/format/yamlconf/
	$(GO) test -run '^$$' -fuzz FuzzParseElasticsearch -fuzztime 30s ./internal/format/keystore/
	$(GO) test -run '^$$' -fuzz FuzzParseKibana -fuzztime 30s ./internal/format/keystore/
	$(GO) test -run '^$$' -fuzz FuzzLoad -fuzztime 60s ./internal/collect/compose/
	$(GO) test -run '^$$' -fuzz FuzzParseInventory -fuzztime 60s ./internal/target/
	$(GO) test -run '^$$' -fuzz FuzzURLPasswords -fuzztime 60s ./internal/redact/

# Regenerate the catalogue section of README.md from the checks' METADATA
# (TestReadmeCatalogue fails when it is stale).
catalogue: build
	./$(BIN) policies list --format markdown > bin/catalogue.md
	awk 'BEGIN{skip=0} /<!-- catalogue:begin -->/{print; while((getline l < "bin/catalogue.md")>0) print l; skip=1; next} /<!-- catalogue:end -->/{skip=0} !skip{print}' README.md > bin/README.md
	mv bin/README.md README.md

# Build a release locally without publishing. With goreleaser on PATH this is
# the real release (binaries, archives, checksums, SBOMs with syft, images
# with a docker engine). Without it, `make cross` builds the same static
# binaries with go build and their checksums into dist/ (no archives, no
# SBOM), and the image is built from the Dockerfile when a docker engine
# answers. Install goreleaser with
#   go install github.com/goreleaser/goreleaser/v2@latest
release-snapshot:
	@if command -v goreleaser >/dev/null 2>&1; then \
		skip=""; \
		docker info >/dev/null 2>&1 || skip="docker"; \
		command -v syft >/dev/null 2>&1 || skip="$${skip:+$$skip,}sbom"; \
		goreleaser release --snapshot --clean $${skip:+--skip=$$skip}; \
	else \
		echo "goreleaser is not installed: building the binaries with go build (no archives, no SBOM)"; \
		$(MAKE) --no-print-directory cross; \
		if docker info >/dev/null 2>&1; then \
			docker build --build-arg VERSION=$(VERSION) -t essec:snapshot . && docker run --rm essec:snapshot version; \
		else \
			echo "no docker engine: the container image was not built (docker build -t essec:snapshot .)"; \
		fi; \
	fi

# Static binaries for every release platform, with checksums, into dist/.
cross:
	@rm -rf dist && mkdir -p dist
	@for p in $(PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; ext=""; [ $$os = windows ] && ext=".exe"; \
		echo "build dist/essec_$${os}_$${arch}/essec$$ext"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o dist/essec_$${os}_$${arch}/essec$$ext ./cmd/essec || exit 1; \
	done
	@cd dist && sha256sum */essec* > checksums.txt && cat checksums.txt

clean:
	rm -rf bin dist
