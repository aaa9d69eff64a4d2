// Command essec audits and repairs the security of self-managed
// Elasticsearch and Kibana deployments.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/essec-dev/essec/internal/cli"
	"github.com/essec-dev/essec/internal/redact"
)

// Set by the linker for releases (see Makefile and .goreleaser.yaml); a
// plain go build or go install takes them from Go's embedded build
// information (cli.ResolveBuild).
var (
	version = ""
	commit  = ""
	date    = ""
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	d := &cli.Deps{
		IO:      cli.SystemStreams(),
		Build:   cli.ResolveBuild(cli.BuildInfo{Version: version, Commit: commit, Date: date}),
		Now:     time.Now,
		Secrets: &redact.Secrets{},
	}
	code := cli.Execute(ctx, d, os.Args[1:])
	stop()
	os.Exit(code)
}
