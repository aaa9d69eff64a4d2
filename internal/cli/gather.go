package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/essec-dev/essec/internal/audit"
	"github.com/essec-dev/essec/internal/boundedfile"
	"github.com/essec-dev/essec/internal/collect"
	"github.com/essec-dev/essec/internal/collect/cluster"
	"github.com/essec-dev/essec/internal/collect/probe"
	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/redact"
	"github.com/essec-dev/essec/internal/target"
)

// resolveDeployments turns paths and flags into deployments: inventory files
// name their own; all other paths and --url form one deployment; with
// nothing given, ./essec.yaml or the standard locations.
func resolveDeployments(src sourceFlags, conn connFlags, getenv func(string) (string, bool)) ([]target.Deployment, error) {
	var deps []target.Deployment
	var plain []string
	for _, p := range src.Paths {
		if isInventoryFile(p) {
			inv, err := target.LoadInventory(p)
			if err != nil {
				return nil, usageError(err)
			}
			deps = append(deps, inv...)
			continue
		}
		plain = append(plain, p)
	}
	if len(src.Paths) == 0 && len(conn.URLs) == 0 && len(conn.KibanaURLs) == 0 {
		if fileExists("essec.yaml") {
			inv, err := target.LoadInventory("essec.yaml")
			if err != nil {
				return nil, usageError(err)
			}
			return applyFlags(inv, src, conn), nil
		}
		locations := target.StandardLocations(getenv)
		if src.Root != "" {
			// An offline copy of a host: its own standard locations.
			locations = []string{filepath.Join(src.Root, "etc", "elasticsearch"), filepath.Join(src.Root, "etc", "kibana")}
		}
		for _, p := range locations {
			if st, err := os.Stat(p); err == nil && st.IsDir() {
				plain = append(plain, p)
			}
		}
		if len(plain) == 0 {
			return nil, usageError(errors.New("nothing to audit: no path, no --url, no ./essec.yaml, and no config in the standard locations ($ES_PATH_CONF, /etc/elasticsearch, $KBN_PATH_CONF, /etc/kibana)"),
				"point essec at a deployment: essec audit /etc/elasticsearch /etc/kibana",
				"or at a live cluster: ESSEC_PASSWORD=... essec audit --url https://localhost:9200 --user auditor --ca-cert http_ca.crt")
		}
	}
	if errs := collect.CheckPaths(plain); len(errs) > 0 && len(src.Paths) > 0 {
		return nil, usageError(errors.Join(errs...), "pass a config directory holding elasticsearch.yml or kibana.yml, a docker-compose file, or an inventory (essec.yaml)")
	}
	if len(plain) > 0 || len(conn.URLs) > 0 || len(conn.KibanaURLs) > 0 {
		dep := targetFor(conn, conn.URLs)
		dep.Name, dep.Paths, dep.KibanaURLs = src.Name, plain, conn.KibanaURLs
		deps = append(deps, dep)
	}
	return applyFlags(deps, src, conn), nil
}

// targetFor is a deployment reached through the connection flags.
func targetFor(conn connFlags, urls []string) target.Deployment {
	return target.Deployment{
		URLs: urls, Credentials: conn.credentials(), CACert: conn.CACert, CAFingerprint: conn.CAFingerprint,
		Insecure: conn.Insecure, Origin: "command line",
	}
}

func applyFlags(deps []target.Deployment, src sourceFlags, conn connFlags) []target.Deployment {
	for i := range deps {
		if src.ESVersion != "" {
			deps[i].Version = src.ESVersion
		}
		if conn.Insecure {
			deps[i].Insecure = true
		}
		if src.Root != "" {
			deps[i].Root = src.Root
		}
		switch {
		case src.Host:
			deps[i].FileLocation, deps[i].FileLocationReason = "host", "--host was given"
		case src.Repo:
			deps[i].FileLocation, deps[i].FileLocationReason = "repository", "--repo was given"
		}
	}
	return deps
}

// isInventoryFile recognises an inventory by its name (essec.yaml) or, whatever
// its name, by its content: a YAML mapping whose top level has deployments:
// and neither services: (compose) nor Elasticsearch or Kibana settings.
func isInventoryFile(p string) bool {
	base := strings.ToLower(filepath.Base(p))
	if base == "essec.yaml" || base == "essec.yml" {
		return fileExists(p)
	}
	switch filepath.Ext(base) {
	case ".yml", ".yaml":
	default:
		return false
	}
	if base == "elasticsearch.yml" || base == "kibana.yml" || strings.Contains(base, "compose") || !fileExists(p) {
		return false
	}
	data, err := boundedfile.Read(p, boundedfile.Inventory)
	if err != nil {
		return false
	}
	var top map[string]any
	if yaml.Unmarshal(data, &top) != nil {
		return false
	}
	_, deployments := top["deployments"].([]any)
	_, services := top["services"]
	return deployments && !services
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// gatherOptions is what collection needs from a command.
type gatherOptions struct {
	Sources sourceFlags
	Conn    connFlags
	Log     *slog.Logger
	// Progress, when set, hears of every deployment collected: how many
	// are done of how many, and how many failed so far.
	Progress func(done, total, failed int)
}

// gather collects every deployment concurrently. A deployment that yields
// nothing is an error of the run only when no deployment yields anything;
// otherwise it is returned as not audited, so that reports keep it with
// unknown levels and the exit code counts it.
func gather(ctx context.Context, d *Deps, g gatherOptions) ([]*inventory.Document, []audit.NotAudited, error) {
	deps, err := resolveDeployments(g.Sources, g.Conn, d.IO.Getenv)
	if err != nil {
		return nil, nil, err
	}
	ksPass, err := readSecret(g.Sources.KeystorePasswordFile, "ESSEC_KEYSTORE_PASSWORD", d.IO.Getenv)
	if err != nil {
		return nil, nil, usageError(err)
	}
	if ksPass != nil {
		d.Secrets.Add(string(ksPass))
	}
	red := redact.New()
	// One budget bounds the live response bytes of every deployment at once.
	budget := cluster.NewBudget(0, 0)
	docs := make([]*inventory.Document, len(deps))
	errs := make([]error, len(deps))
	workers := collect.NewWorkers(0) // one pool for every deployment of the run
	var wg sync.WaitGroup
	var mu sync.Mutex
	done, failed := 0, 0
	for i, dep := range deps {
		req := collect.Request{
			Deployment: dep, Env: deploymentEnv(dep, g.Sources.EnvFromProcess, d), KeystorePassword: ksPass, Timeout: g.Conn.Timeout,
			Now: d.Now(), CertWarnDays: g.Sources.CertWarnDays, FIPSRequired: g.Sources.FIPSRequired,
			Log: g.Log, Redactor: red, Seen: d.Secrets, Workers: workers,
			KibanaTLS: probe.TLSOptions{CAFingerprint: dep.CAFingerprint, Insecure: dep.Insecure},
		}
		ca, err := readCA(dep.CACert)
		if err != nil {
			return nil, nil, usageError(err)
		}
		req.KibanaTLS.CACert = ca
		if len(dep.URLs) > 0 {
			copts, err := clusterOptions(dep, ca, g.Conn.Timeout, d)
			if err != nil {
				return nil, nil, usageError(fmt.Errorf("%s: %w", describeDeployment(dep), err))
			}
			copts.Budget = budget
			req.Cluster = copts
			warnPlainCredentials(d, describeDeployment(dep), copts.URLs, copts.HasCredentials())
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			docs[i], errs[i] = collect.Deployment(ctx, req)
			if g.Progress != nil {
				mu.Lock()
				done++
				if errs[i] != nil {
					failed++
				}
				g.Progress(done, len(deps), failed)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	var out []*inventory.Document
	var failures, warnings, hints []string
	var notAudited []audit.NotAudited
	for i, dep := range deps {
		if errs[i] == nil {
			out = append(out, docs[i])
			continue
		}
		msg, hs := failure(docs[i], errs[i])
		na := notAuditedFrom(dep, docs[i], errs[i], d.Secrets)
		failures = append(failures, describeDeployment(dep)+": "+msg)
		warnings = append(warnings, fmt.Sprintf("deployment %s was not audited: %s", na.Name, msg))
		hints = appendNew(hints, hs...)
		notAudited = append(notAudited, na)
	}
	if len(out) == 0 {
		if allNothingFound(errs) {
			hints = append(hints, "pass a config directory holding elasticsearch.yml or kibana.yml, a docker-compose file, or --url")
		}
		return nil, nil, usageError(errors.New(strings.Join(failures, "\n")), hints...)
	}
	// One warning per deployment, the hints once after the last.
	for i, w := range warnings {
		if i < len(warnings)-1 {
			d.say("warning", w)
			continue
		}
		d.say("warning", w, hints...)
	}
	return out, notAudited, nil
}

// notAuditedFrom describes a deployment whose collection failed: its first
// collection error (the others go to the report's errors), and the level
// its inventory requires.
func notAuditedFrom(dep target.Deployment, doc *inventory.Document, err error, seen *redact.Secrets) audit.NotAudited {
	na := audit.NotAudited{Name: dep.Name, TargetLevel: finding.Level(dep.RequiredLevel), Reason: seen.Scrub(err.Error())}
	if na.Name == "" {
		na.Name = "command line"
	}
	if doc != nil && len(doc.CollectionErrors) > 0 {
		first := doc.CollectionErrors[0].Message
		if len(first) > 300 {
			first = first[:300] + "..."
		}
		na.Reason = "nothing could be read: " + first
		if n := len(doc.CollectionErrors) - 1; n > 0 {
			na.Reason += fmt.Sprintf(" (and %d more errors)", n)
		}
		for _, ce := range doc.CollectionErrors {
			na.Errors = append(na.Errors, finding.Error{Source: ce.Source, Deployment: na.Name, File: ce.File, Line: ce.Line, Endpoint: ce.Endpoint, Message: ce.Message})
		}
	}
	return na
}

// deploymentEnv is what ${VAR} references in a deployment's files resolve
// from besides the files' own definitions (compose environment, env_file,
// .env): the inventory's env: map, and essec's own environment only with
// --env-from-process. A file from an untrusted change must not be able to
// print essec's credentials or a CI token into a report. Values taken from
// essec's environment for a variable whose name marks a secret are
// registered for scrubbing.
func deploymentEnv(dep target.Deployment, fromProcess bool, d *Deps) func(string) (string, bool) {
	return func(name string) (string, bool) {
		if v, ok := dep.Env[name]; ok {
			return v, true
		}
		if !fromProcess {
			return "", false
		}
		v, ok := d.IO.Getenv(name)
		if ok && v != "" && redact.IsSecretName(strings.ToLower(name)) {
			d.Secrets.Add(v)
		}
		return v, ok
	}
}

// readCA reads the --ca-cert (or inventory ca_cert) file; nil when none.
func readCA(path string) ([]byte, error) {
	if path == "" {
		return nil, nil
	}
	ca, err := boundedfile.Read(path, boundedfile.TLS)
	if err != nil {
		return nil, fmt.Errorf("read --ca-cert: %w", err)
	}
	return ca, nil
}

// clusterOptions reads the deployment's credentials (files or environment);
// ca is the CA the caller read for it.
func clusterOptions(dep target.Deployment, ca []byte, timeout time.Duration, d *Deps) (*cluster.Options, error) {
	c := dep.Credentials
	o := &cluster.Options{URLs: dep.URLs, Username: c.Username, CAFingerprint: dep.CAFingerprint, Insecure: dep.Insecure, Concurrency: liveConcurrency}
	var err error
	if c.Username != "" {
		if o.Password, err = readSecret(c.PasswordFile, c.PasswordEnv, d.IO.Getenv); err != nil {
			return nil, err
		}
		if o.Password == nil {
			return nil, fmt.Errorf("--user %s needs a password: set %s or pass --password-file", c.Username, orDefault(c.PasswordEnv, "ESSEC_PASSWORD"))
		}
	}
	if o.APIKey, err = readSecret(c.APIKeyFile, c.APIKeyEnv, d.IO.Getenv); err != nil {
		return nil, err
	}
	if o.ServiceToken, err = readSecret(c.ServiceTokenFile, c.ServiceTokenEnv, d.IO.Getenv); err != nil {
		return nil, err
	}
	for _, s := range redact.CredentialForms(o.Username, o.Password, o.APIKey, o.ServiceToken) {
		d.Secrets.Add(s)
	}
	o.CACert = ca
	o.Timeout = timeout
	if err := o.Validate(); err != nil {
		return nil, err
	}
	return o, nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// liveConcurrency bounds the parallel requests of one cluster audit: the
// 13 API calls, 2 anonymous probes and the TLS probe run as one round trip.
const liveConcurrency = 16

// describeDeployment names a deployment in messages: its inventory name,
// else what the command line gave (the paths, else the endpoint flags).
func describeDeployment(dep target.Deployment) string {
	switch {
	case dep.Name != "":
		return "deployment " + dep.Name
	case len(dep.Paths) > 0:
		return strings.Join(dep.Paths, ", ")
	case len(dep.URLs) > 0:
		return "--url"
	case len(dep.KibanaURLs) > 0:
		return "--kibana-url"
	}
	return "the deployment"
}

// allNothingFound is true when every deployment failed because its paths
// held no Elasticsearch or Kibana configuration at all.
func allNothingFound(errs []error) bool {
	for _, err := range errs {
		if err != nil && !errors.Is(err, collect.ErrNothingFound) {
			return false
		}
	}
	return true
}
