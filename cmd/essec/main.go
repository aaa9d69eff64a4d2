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

// Set by the linker (see Makefile).
var (
	version = "dev"
	commit  = "none"
	date    = "unknown"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	d := &cli.Deps{
		IO:      cli.SystemStreams(),
		Build:   cli.BuildInfo{Version: version, Commit: commit, Date: date},
		Now:     time.Now,
		Secrets: &redact.Secrets{},
	}
	code := cli.Execute(ctx, d, os.Args[1:])
	stop()
	os.Exit(code)
}
