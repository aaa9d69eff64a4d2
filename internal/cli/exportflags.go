package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"

	"github.com/spf13/pflag"

	"github.com/essec-dev/essec/internal/collect/cluster"
	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/report/esexport"
	"github.com/essec-dev/essec/internal/target"
)

// exportFlags say as whom and with which trust --export-es connects. The
// audit's credentials go to the export cluster only when it is the audited
// cluster itself (same scheme, host and port as a --url) or when
// --export-reuse-credentials says so: a findings cluster is often run by
// other people, and the auditor's password is not theirs to receive.
type exportFlags struct {
	User             string
	PasswordFile     string
	APIKeyFile       string
	CACert           string
	CAFingerprint    string
	ReuseCredentials bool
}

func (e *exportFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&e.User, "export-user", "", "user for --export-es; the password comes from ESSEC_EXPORT_PASSWORD or --export-password-file")
	fs.StringVar(&e.PasswordFile, "export-password-file", "", "file holding the password of --export-user")
	fs.StringVar(&e.APIKeyFile, "export-api-key-file", "", "file holding an encoded API key for --export-es (or set ESSEC_EXPORT_API_KEY)")
	fs.StringVar(&e.CACert, "export-ca-cert", "", "PEM file of the CA of --export-es (default: --ca-cert)")
	fs.StringVar(&e.CAFingerprint, "export-ca-fingerprint", "", "hex SHA-256 fingerprint of the CA of --export-es (default: --ca-fingerprint)")
	fs.BoolVar(&e.ReuseCredentials, "export-reuse-credentials", false, "send the audit's credentials to --export-es although it is not the audited cluster")
}

// ownCredentials reports whether the export has credentials of its own.
func (e *exportFlags) ownCredentials(getenv func(string) (string, bool)) bool {
	if e.User != "" || e.APIKeyFile != "" {
		return true
	}
	v, ok := getenv("ESSEC_EXPORT_API_KEY")
	return ok && v != ""
}

func (e *exportFlags) given() bool {
	return e.User != "" || e.PasswordFile != "" || e.APIKeyFile != "" || e.CACert != "" || e.CAFingerprint != "" || e.ReuseCredentials
}

// validate checks the export flags against --export-es and the audit's
// connection before anything is collected.
func (e *exportFlags) validate(exportURL string, conn *connFlags, getenv func(string) (string, bool)) error {
	if exportURL == "" {
		if e.given() {
			return usageError(errors.New("--export-user, --export-api-key-file, --export-ca-cert, --export-ca-fingerprint and --export-reuse-credentials need --export-es"))
		}
		return nil
	}
	if err := target.CheckURL("--export-es", exportURL, target.HintExportCredentials); err != nil {
		return usageError(err)
	}
	own := e.ownCredentials(getenv)
	switch {
	case e.CACert != "" && e.CAFingerprint != "":
		return usageError(errors.New("--export-ca-cert and --export-ca-fingerprint are alternatives: give one"))
	case e.PasswordFile != "" && e.User == "":
		return usageError(errors.New("--export-password-file needs --export-user"))
	case own && e.ReuseCredentials:
		return usageError(errors.New("--export-reuse-credentials and the export's own credentials contradict each other: give one"))
	case own || e.ReuseCredentials || len(conn.URLs) == 0 || !conn.hasCredentials(getenv):
		return nil
	}
	for _, u := range conn.URLs {
		if sameEndpoint(u, exportURL) {
			return nil
		}
	}
	return usageError(fmt.Errorf("--export-es %s is not the audited cluster, and essec does not send the audit's credentials to another host unasked", exportURL),
		"pass the export cluster's own credentials: --export-user with ESSEC_EXPORT_PASSWORD, or --export-api-key-file",
		"or allow it explicitly: --export-reuse-credentials")
}

// sameEndpoint compares scheme, host and port (default ports filled in).
func sameEndpoint(a, b string) bool {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	if errA != nil || errB != nil {
		return false
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(hostPort(ua), hostPort(ub))
}

func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "443"
		if u.Scheme == "http" {
			port = "80"
		}
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// exportDeployment is the --export-es target: its own credentials and
// trust when given, else the audit's (validate made sure that sending the
// audit's credentials is allowed).
func exportDeployment(o *AuditOptions) target.Deployment {
	dep := targetFor(o.Conn, []string{o.ExportES})
	dep.Origin = "--export-es"
	e := o.Export
	if e.ownCredentials(o.IO.Getenv) {
		dep.Credentials = target.Credentials{
			Username: e.User, PasswordEnv: "ESSEC_EXPORT_PASSWORD", PasswordFile: e.PasswordFile,
			APIKeyEnv: "ESSEC_EXPORT_API_KEY", APIKeyFile: e.APIKeyFile,
		}
	}
	if e.CACert != "" || e.CAFingerprint != "" {
		dep.CACert, dep.CAFingerprint = e.CACert, e.CAFingerprint
	}
	return dep
}

// exportFindings ships the report to Elasticsearch.
func exportFindings(ctx context.Context, o *AuditOptions, r *finding.Report, log *slog.Logger) error {
	dep := exportDeployment(o)
	ca, err := readCA(dep.CACert)
	if err != nil {
		return usageError(fmt.Errorf("--export-es: %w", err))
	}
	opts, err := clusterOptions(dep, ca, o.Conn.Timeout, o.Deps)
	if err != nil {
		return usageError(fmt.Errorf("--export-es: %w", err))
	}
	opts.Logger = log
	warnPlainCredentials(o.Deps, "--export-es", opts.URLs, opts.HasCredentials())
	client, err := cluster.NewClient(*opts)
	if err != nil {
		return fmt.Errorf("--export-es: %w", err)
	}
	res, err := esexport.Export(ctx, client, o.ExportIndex, r, esexport.Options{Now: o.Now})
	if err != nil {
		// The audit ran and its reports are written; the run still fails
		// so that CI notices the fleet view is missing this scan.
		return &ExitError{Code: ExitFindings, Err: fmt.Errorf("export to %s: %w", o.ExportES, err)}
	}
	done := fmt.Sprintf("exported %d findings to %s (index %s)", res.Indexed, o.ExportES, res.Index)
	if res.TemplateCreated {
		done += ", index template created"
	}
	o.say("", done)
	if err := res.Err(); err != nil {
		return &ExitError{Code: ExitFindings, Err: fmt.Errorf("export to %s: %w", o.ExportES, err)}
	}
	return nil
}

// warnPlainCredentials warns, before the first request, that credentials
// are about to cross the network in clear text.
func warnPlainCredentials(d *Deps, what string, urls []string, hasCredentials bool) {
	if !hasCredentials {
		return
	}
	for _, u := range urls {
		if strings.HasPrefix(strings.ToLower(u), "http://") {
			d.say("warning", fmt.Sprintf("%s %s is plain HTTP: essec's credentials cross the network in clear text; use https", what, u))
		}
	}
}
