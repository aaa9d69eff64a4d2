package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/essec-dev/essec/internal/finding"
)

// AuditOptions are the inputs of essec audit.
type AuditOptions struct {
	*Deps
	Sources sourceFlags
	Conn    connFlags

	Formats       []string
	Output        string
	Level         string
	FailOn        string
	Input         string
	PolicyDirs    []string
	Checks        []string
	SkipChecks    []string
	Ignore        string
	IncludeWaived bool
	Baseline      string
	Verbose       bool
	ExportES      string
	ExportIndex   string
	Export        exportFlags
	SarifRoot     string
	Severity      string
	Quiet         bool

	// severity is the --severity threshold ("" shows every finding).
	severity finding.Severity

	target finding.Level
	failOn finding.Severity
	specs  []formatSpec
	// levelSet is true when --level was given: it then overrides the
	// inventory's per-deployment levels.
	levelSet bool
}

// NewCmdAudit builds essec audit. runF replaces the run function in tests.
func NewCmdAudit(d *Deps, runF func(*AuditOptions) error) *cobra.Command {
	o := &AuditOptions{Deps: d}
	cmd := &cobra.Command{
		Use:   "audit [PATH...]",
		Short: "Audit deployments and report how far they are from each security level",
		Long: `Audit Elasticsearch and Kibana deployments against Elastic's security levels
(minimal, basic = transport TLS, https = HTTP TLS), Kibana best practices,
automatic-setup conformance and hardening.

PATH is an Elasticsearch or Kibana config directory, a single .yml file, a
docker-compose file, or an inventory file (essec.yaml). All paths of one
invocation form one deployment. Without PATH or --url, essec reads ./essec.yaml,
else the standard locations ($ES_PATH_CONF, /etc/elasticsearch, $KBN_PATH_CONF,
/etc/kibana).

Exit codes: 0 target level met and nothing failed at or above --fail-on;
1 a finding failed at or above --fail-on or the target level is not met;
2 usage or input error (nothing audited); 3 evidence missing (target-level
checks unknown, none failed); 130 interrupted.`,
		Example: `  essec audit /etc/elasticsearch /etc/kibana
  essec audit testdata/demo --level basic --format sarif=essec.sarif --format table
  ESSEC_PASSWORD=... essec audit --url https://es01:9200 --user auditor --ca-cert http_ca.crt
  essec audit --input evidence.json --format json
  essec audit --input 'evidence/*.json' --format json=fleet.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Sources.Paths = args
			o.levelSet = cmd.Flags().Changed("level")
			if err := o.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return auditRun(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	o.Sources.register(f)
	o.Conn.register(f)
	f.StringArrayVar(&o.Formats, "format", nil, "output format: table, json, sarif, junit, ecs, html, gitlab (GitLab security report); FORMAT=FILE writes to a file (repeatable; default table)")
	f.StringVarP(&o.Output, "output", "o", "", "write the (single) format without =FILE to this file instead of stdout")
	f.StringVar(&o.Level, "level", "https", "target level: minimal, basic or https")
	f.StringVar(&o.FailOn, "fail-on", "high", "exit 1 when a finding fails at or above this severity: critical, high, medium, low, none")
	f.StringVar(&o.Input, "input", "", "evaluate saved input documents (from essec collect) instead of collecting: a file, a directory of *.json files, a glob, or - for NDJSON on stdin")
	f.StringArrayVar(&o.PolicyDirs, "policy-dir", nil, "add the checks of a directory of Rego files (repeatable)")
	f.StringSliceVar(&o.Checks, "checks", nil, "run only these check ids (comma-separated)")
	f.StringSliceVar(&o.SkipChecks, "skip-checks", nil, "skip these check ids (comma-separated)")
	f.StringVar(&o.Ignore, "ignore", "", "waiver file (default: .essecignore.yaml when present)")
	f.BoolVar(&o.IncludeWaived, "include-waived", false, "include waived findings in SARIF (as suppressed results)")
	f.StringVar(&o.SarifRoot, "sarif-root", "", "directory SARIF file locations are relative to (default: the git top level of the working directory, else the working directory)")
	f.StringVar(&o.Baseline, "baseline", "", "report and gate only on findings not in this previous JSON report")
	f.BoolVarP(&o.Verbose, "verbose", "v", false, "list every resource, passing and not-applicable findings and every file read in the table")
	f.StringVar(&o.Severity, "severity", "", "report only findings at or above this severity: critical, high, medium, low (the gate and the levels still count every finding)")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "print no table on stdout and only errors on stderr (reports given as FORMAT=FILE are still written)")
	f.StringVar(&o.ExportES, "export-es", "", "ship the findings to this Elasticsearch (its own credentials: --export-user, --export-api-key-file; the audit's only on the audited host or with --export-reuse-credentials)")
	f.StringVar(&o.ExportIndex, "export-index", "essec-findings", "index for --export-es (documents are keyed by scan and fingerprint, so a retried export does not duplicate)")
	o.Export.register(f)
	registerAuditCompletions(cmd, d)
	return cmd
}

func (o *AuditOptions) validate() error {
	l, err := finding.ParseTargetLevel(o.Level)
	if err != nil {
		return usageError(err)
	}
	o.target = l
	s, ok := finding.ParseSeverity(o.FailOn)
	if !ok {
		return usageError(fmt.Errorf("unknown --fail-on %q: use critical, high, medium, low or none", o.FailOn))
	}
	o.failOn = s
	if o.Severity != "" {
		sev, ok := finding.ParseSeverity(o.Severity)
		if !ok || sev == "none" {
			return usageError(fmt.Errorf("unknown --severity %q: use critical, high, medium or low", o.Severity))
		}
		o.severity = sev
	}
	if len(o.Formats) == 0 {
		o.Formats = []string{"table"}
		if o.Output != "" {
			o.Formats = []string{formatForFile(o.Output)}
		}
	}
	if o.Quiet {
		o.Formats = quietFormats(o.Formats)
		if o.LogLevel == "warn" || o.LogLevel == "" {
			o.LogLevel = "error"
		}
		o.NoProgress = true
	}
	specs, err := parseFormats(o.Formats, o.Output)
	if err != nil {
		return usageError(err)
	}
	o.specs = specs
	if o.Input != "" && (len(o.Sources.Paths) > 0 || len(o.Conn.URLs) > 0) {
		return usageError(fmt.Errorf("--input evaluates a saved document: do not combine it with paths or --url"))
	}
	for _, id := range append(append([]string{}, o.Checks...), o.SkipChecks...) {
		if strings.TrimSpace(id) == "" {
			return usageError(fmt.Errorf("empty check id in --checks or --skip-checks"))
		}
	}
	if err := o.Conn.validate(); err != nil {
		return err
	}
	if err := o.Export.validate(o.ExportES, &o.Conn, o.IO.Getenv); err != nil {
		return err
	}
	return o.Sources.validate()
}
