// Package cli holds essec's cobra commands. Each command has an Options
// struct, a constructor that only parses and validates flags, and a run
// function that does the work (the GitHub CLI's pattern).
package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/essec-dev/essec/internal/redact"
)

// BuildInfo identifies the binary.
type BuildInfo struct {
	Version string
	Commit  string
	Date    string
}

// Deps are what every command shares: streams, build info, the clock, the
// global flags and the secrets seen during the run (for scrubbing).
type Deps struct {
	IO      *IOStreams
	Build   BuildInfo
	Now     func() time.Time
	Secrets *redact.Secrets

	// Policies, when set, shares the compiled embedded catalogue between
	// the runs of the process (tests); nil compiles it for this run.
	Policies *Policies

	// enginesBuilt counts policy compilations (one per run is the design).
	enginesBuilt int
	// progress is the spinner on stderr while one shows: messages clear
	// its line before they are written.
	progress atomic.Pointer[progress]

	LogLevel   string
	LogFormat  string
	Color      string
	NoProgress bool
}

// EnginesBuilt says how many times the run compiled and prepared the
// policies.
func (d *Deps) EnginesBuilt() int { return d.enginesBuilt }

// Logger builds the run's logger from the global flags.
func (d *Deps) Logger() (*slog.Logger, error) {
	l, err := newLogger(d.IO.ErrOut, d.LogLevel, d.LogFormat, d.Secrets)
	if err != nil {
		return nil, usageError(err)
	}
	return l, nil
}

// validateGlobal checks the enumerated global flags before any command
// runs, so that a typo is a usage error and not a silent default.
func (d *Deps) validateGlobal() error {
	for _, f := range []struct {
		name, value string
		allowed     []string
	}{
		{"--color", d.Color, colorModes},
		{"--log-format", d.LogFormat, logFormats},
		{"--log-level", d.LogLevel, append(logLevels, "warning")},
	} {
		if !slices.Contains(f.allowed, strings.ToLower(f.value)) {
			return usageError(fmt.Errorf("unknown %s %q: use %s", f.name, f.value, strings.Join(f.allowed[:min(len(f.allowed), 4)], ", ")))
		}
	}
	return nil
}

// NewRootCmd builds the command tree.
func NewRootCmd(d *Deps) *cobra.Command {
	root := &cobra.Command{
		Use:   "essec",
		Short: "Audit and repair the security of self-managed Elasticsearch and Kibana",
		Long: `essec audits self-managed Elasticsearch and Kibana deployments against Elastic's
security levels (minimal, basic = transport TLS, https = HTTP TLS) plus Kibana
best practices and hardening, with evidence for every verdict.

Point it at config directories, single .yml files, docker-compose files or an
inventory file (essec.yaml), and/or at a live cluster with --url.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       d.Build.Version,
	}
	root.SetOut(d.IO.Out)
	root.SetErr(d.IO.ErrOut)
	pf := root.PersistentFlags()
	pf.StringVar(&d.LogLevel, "log-level", "warn", "log level: debug, info, warn, error (logs go to stderr)")
	pf.StringVar(&d.LogFormat, "log-format", "text", "log format: text or json")
	pf.StringVar(&d.Color, "color", "auto", "colour: auto (only on a terminal, never with NO_COLOR), always, never")
	pf.BoolVar(&d.NoProgress, "no-progress", false, "do not show progress on stderr")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err) })
	root.SetUsageFunc(usage)
	root.PersistentPreRunE = func(*cobra.Command, []string) error { return d.validateGlobal() }
	_ = root.RegisterFlagCompletionFunc("color", fixed(colorModes...))
	_ = root.RegisterFlagCompletionFunc("log-format", fixed(logFormats...))
	_ = root.RegisterFlagCompletionFunc("log-level", fixed(logLevels...))

	root.AddCommand(
		NewCmdAudit(d, nil),
		NewCmdCollect(d, nil),
		NewCmdInspect(d, nil),
		NewCmdPolicies(d),
		NewCmdExport(d),
		NewCmdFix(d, nil),
		NewCmdVersion(d),
	)
	return root
}

// Execute runs essec with args and returns the process exit code. Errors are
// printed as "essec: error: ..." with optional hint lines.
func Execute(ctx context.Context, d *Deps, args []string) int {
	root := NewRootCmd(d)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		d.say("", "interrupted")
		return ExitInterrupted
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil {
			d.say("error", ee.Err.Error(), ee.Hints...)
		} else if len(ee.Hints) > 0 {
			d.say("", "", ee.Hints...)
		}
		if ctx.Err() != nil {
			return ExitInterrupted
		}
		return ee.Code
	}
	d.say("error", err.Error())
	if ctx.Err() != nil {
		return ExitInterrupted
	}
	return ExitUsage
}
