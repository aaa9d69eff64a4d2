# essec container image, built from source:
#   docker build --build-arg VERSION=$(git describe --tags --always) -t essec .
#   docker run --rm -v /etc/elasticsearch:/config/elasticsearch:ro essec audit /config/elasticsearch
# Release images are built by GoReleaser from the release binaries
# (deploy/docker/Dockerfile.release); both are FROM scratch and run as the
# same non-root user. .dockerignore keeps .git out of the context, so the
# version comes from VERSION (else essec reports 0.0.0-unversioned).
ARG GO_VERSION=1.26

FROM golang:${GO_VERSION} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=""
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/essec ./cmd/essec

# scratch: no shell, no package manager; the CA bundle of the Go image
# (Debian's ca-certificates) where crypto/x509 looks on Linux, and
# /etc/passwd naming the nonroot user (65532, as in distroless).
FROM scratch
COPY deploy/docker/passwd deploy/docker/group /etc/
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/essec /usr/local/bin/essec
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["essec"]
CMD ["--help"]
