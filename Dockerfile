# essec container image, built from source:
#   docker build -t essec .
#   docker run --rm -v /etc/elasticsearch:/config/elasticsearch:ro essec audit /config/elasticsearch
# Release images are built by GoReleaser from the release binaries
# (deploy/docker/Dockerfile.release); both run as the same non-root user.
ARG GO_VERSION=1.26

FROM golang:${GO_VERSION} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=""
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/essec ./cmd/essec

# distroless/static: no shell, no package manager, CA certificates and
# /etc/passwd with the nonroot user (65532).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/essec /usr/local/bin/essec
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["essec"]
CMD ["--help"]
