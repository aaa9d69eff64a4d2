// Command essec audits and repairs the security of self-managed
// Elasticsearch and Kibana deployments.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"syscall"
	"time"

	"github.com/essec-dev/essec/internal/cli"
	"github.com/essec-dev/essec/internal/memlimit"
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
	stopProfile := startProfile()
	stopGC := memlimit.Adapt(os.Getenv)
	code := cli.Execute(ctx, d, os.Args[1:])
	stopGC()
	stopProfile()
	stop()
	os.Exit(code)
}

// startProfile writes a CPU profile to $ESSEC_CPUPROFILE, a heap profile
// (taken at exit) to $ESSEC_MEMPROFILE and an execution trace (go tool
// trace: what ran on each core, when) to $ESSEC_TRACE when they are set: for
// developers measuring essec (see README, Performance); users never need
// them. Failing to write a profile never changes the audit's outcome.
func startProfile() func() {
	cpu, mem, tr := os.Getenv("ESSEC_CPUPROFILE"), os.Getenv("ESSEC_MEMPROFILE"), os.Getenv("ESSEC_TRACE")
	var cpuFile, traceFile *os.File
	if tr != "" {
		if f, err := os.Create(tr); err == nil {
			if trace.Start(f) == nil {
				traceFile = f
			} else {
				_ = f.Close()
			}
		}
	}
	if cpu != "" {
		if f, err := os.Create(cpu); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				cpuFile = f
			} else {
				_ = f.Close()
			}
		}
	}
	return func() {
		if traceFile != nil {
			trace.Stop()
			_ = traceFile.Close()
		}
		if cpuFile != nil {
			pprof.StopCPUProfile()
			_ = cpuFile.Close()
		}
		if mem != "" {
			if f, err := os.Create(mem); err == nil {
				runtime.GC()
				_ = pprof.Lookup("allocs").WriteTo(f, 0)
				_ = f.Close()
			}
		}
	}
}
