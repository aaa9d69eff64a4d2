// Command essec audits and repairs the security of self-managed
// Elasticsearch and Kibana deployments.
package main

import (
	"context"
	"io"
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
	stopTrace := startRecording(os.Getenv("ESSEC_TRACE"), trace.Start, trace.Stop)
	stopCPU := startRecording(os.Getenv("ESSEC_CPUPROFILE"), pprof.StartCPUProfile, pprof.StopCPUProfile)
	mem := os.Getenv("ESSEC_MEMPROFILE")
	return func() {
		stopTrace()
		stopCPU()
		if mem != "" {
			if f, err := os.Create(mem); err == nil {
				runtime.GC()
				_ = pprof.Lookup("allocs").WriteTo(f, 0)
				_ = f.Close()
			}
		}
	}
}

// startRecording starts a recording (a CPU profile, an execution trace)
// into the file at path, when path is set; the returned function stops it
// and closes the file. A file that cannot be made records nothing.
func startRecording(path string, start func(io.Writer) error, stop func()) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	if start(f) != nil {
		_ = f.Close()
		return func() {}
	}
	return func() {
		stop()
		_ = f.Close()
	}
}
