# essec: build, test, lint, demo, bench.
GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT   ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo none)
DATE     ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS  := -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(DATE)
BIN      := bin/essec
STATICCHECK_VERSION := v0.8.2

.PHONY: all build test test-short lint demo bench fuzz catalogue clean release-tools release-snapshot image image-test cross

PLATFORMS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64

all: build

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/essec

# The whole test suite: Go tests (Rego tests included through OPA's tester),
# golden files, fake clusters on loopback, and the optional compatibility
# tests over ../shared when it is present. TEST_TIMEOUT bounds each package:
# far above what any package needs (internal/cli, the slowest, takes about
# 80 s of CPU, 40 s on two idle cores and 4.5 minutes on two cores shared
# with a dozen busy processes), so a loaded CI runner does not fail for no
# fault of the code, while a hung test still ends the run.
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
# runs per tool of each fleet without keystores under 1,000 nodes (medians printed)
BENCH_RUNS ?= 5
bench: build
	$(GO) run ./cmd/essec-bench -essec $(BIN) -nodes $(BENCH_NODES) -keystore-nodes $(BENCH_KEYSTORE_NODES) -runs $(BENCH_RUNS) $(if $(CONFTEST),-conftest $(CONFTEST))
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

# Build a release locally without publishing: GoReleaser (pinned, installed
# into bin/tools when missing) builds the static binaries of every platform,
# archives, checksums.txt and a CycloneDX SBOM per binary into dist/. With a
# docker engine GoReleaser also builds the images (buildx); without one, make
# image builds the image with podman, or says that it was skipped.
GORELEASER_VERSION      := v2.17.0
CYCLONEDX_GOMOD_VERSION := v1.10.0
TOOLS_BIN       := $(CURDIR)/bin/tools
GORELEASER      ?= $(TOOLS_BIN)/goreleaser
CYCLONEDX_GOMOD ?= $(TOOLS_BIN)/cyclonedx-gomod

release-tools:
	@test -x "$(GORELEASER)" || { echo "installing goreleaser $(GORELEASER_VERSION) into $(TOOLS_BIN)"; \
		GOBIN=$(TOOLS_BIN) $(GO) install github.com/goreleaser/goreleaser/v2@$(GORELEASER_VERSION); }
	@test -x "$(CYCLONEDX_GOMOD)" || { echo "installing cyclonedx-gomod $(CYCLONEDX_GOMOD_VERSION) into $(TOOLS_BIN)"; \
		GOBIN=$(TOOLS_BIN) $(GO) install github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod@$(CYCLONEDX_GOMOD_VERSION); }

release-snapshot: release-tools
	@PATH="$(dir $(CYCLONEDX_GOMOD)):$$PATH"; export PATH; \
	if docker info >/dev/null 2>&1; then \
		"$(GORELEASER)" release --snapshot --clean; \
	else \
		echo "no docker engine answers: GoReleaser skips the images; make image builds the local one"; \
		"$(GORELEASER)" release --snapshot --clean --skip=docker && $(MAKE) --no-print-directory image; \
	fi

# The container image (deploy/docker/Dockerfile.release, FROM scratch) for
# this machine's architecture, tagged $(IMAGE), with docker when its engine
# answers, else podman, else skipped with a message. The binary is the
# snapshot's (dist/) when there is one, else built here; the CA bundle is
# this machine's. ENGINE_FLAGS go before the engine's subcommand (podman on
# hosts without systemd: ENGINE_FLAGS="--runtime runc --cgroup-manager=cgroupfs").
IMAGE        ?= essec:snapshot
IMAGE_ARCH   ?= $(shell $(GO) env GOARCH)
IMAGE_CTX    := bin/image
ENGINE       ?= $(shell if docker info >/dev/null 2>&1; then echo docker; elif command -v podman >/dev/null 2>&1; then echo podman; fi)
ENGINE_FLAGS ?=
CA_BUNDLE    ?= $(firstword $(wildcard /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt /etc/ssl/cert.pem))

image:
	@set -e; \
	if [ -z "$(ENGINE)" ]; then echo "no container engine (docker or podman): the image was not built"; exit 0; fi; \
	if [ -z "$(CA_BUNDLE)" ]; then echo "no CA bundle found on this machine: pass CA_BUNDLE=FILE"; exit 1; fi; \
	rm -rf $(IMAGE_CTX); \
	mkdir -p $(IMAGE_CTX)/linux/$(IMAGE_ARCH) $(IMAGE_CTX)/deploy/docker $(IMAGE_CTX)/etc/ssl/certs; \
	cp deploy/docker/passwd deploy/docker/group $(IMAGE_CTX)/deploy/docker/; \
	cp "$(CA_BUNDLE)" $(IMAGE_CTX)/etc/ssl/certs/ca-certificates.crt; \
	bin=$$(ls dist/essec_linux_$(IMAGE_ARCH)*/essec 2>/dev/null | head -n 1); \
	if [ -n "$$bin" ]; then echo "image: the snapshot's $$bin"; cp "$$bin" $(IMAGE_CTX)/linux/$(IMAGE_ARCH)/essec; \
	else CGO_ENABLED=0 GOOS=linux GOARCH=$(IMAGE_ARCH) $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(IMAGE_CTX)/linux/$(IMAGE_ARCH)/essec ./cmd/essec; fi; \
	$(ENGINE) $(ENGINE_FLAGS) build -f deploy/docker/Dockerfile.release --platform linux/$(IMAGE_ARCH) \
		--build-arg TARGETPLATFORM=linux/$(IMAGE_ARCH) -t $(IMAGE) $(IMAGE_CTX); \
	echo "built image $(IMAGE) with $(ENGINE)"

# Builds the image and checks it as a user would (deploy/docker/image-test.sh):
# uid 65532 and essec as entrypoint in its configuration, a CA bundle, and
# essec version and an audit of the demo (mounted read-only) run as uid 65532
# without network. RUN_FLAGS are added to the engine's run (for example
# --ulimit nofile=20000:20000 where the default limits are refused). Not part
# of make test: CI runners may have no container engine.
image-test: image
	@ENGINE="$(ENGINE)" ENGINE_FLAGS="$(ENGINE_FLAGS)" RUN_FLAGS="$(RUN_FLAGS)" IMAGE="$(IMAGE)" deploy/docker/image-test.sh

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
