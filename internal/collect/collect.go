// Package collect gathers the evidence of one deployment from every source
// (configuration files, keystores, certificates, compose files, the live
// cluster and Kibana) and assembles the input document policies read.
package collect

import (
	"context"
	"crypto/x509"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/essec-dev/essec/internal/collect/certs"
	"github.com/essec-dev/essec/internal/collect/cluster"
	"github.com/essec-dev/essec/internal/collect/compose"
	"github.com/essec-dev/essec/internal/collect/probe"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/redact"
	"github.com/essec-dev/essec/internal/target"
)

// Request is what one deployment's collection needs.
type Request struct {
	Deployment target.Deployment
	// Env resolves ${VAR} references beyond what the deployment's files
	// define (the inventory's env:; essec's environment only on request).
	Env func(string) (string, bool)
	// KeystorePassword opens password-protected keystores (nil: none given).
	KeystorePassword []byte
	// Cluster connects to the live cluster; nil when no --url was given.
	Cluster *cluster.Options
	// KibanaTLS verifies live Kibana endpoints.
	KibanaTLS probe.TLSOptions
	Timeout   time.Duration

	Now          time.Time
	CertWarnDays int
	FIPSRequired bool

	Log      *slog.Logger
	Redactor *redact.Redactor
	// Seen collects every secret value read, so output can be scrubbed.
	Seen *redact.Secrets
	// Workers is the run's pool for parallel collection and API calls
	// (nil: one for this deployment, sized to the machine).
	Workers *Workers
}

// Deployment collects one deployment. It fails only when nothing at all could
// be read; every other problem becomes a collection error in the document.
func Deployment(ctx context.Context, req Request) (*inventory.Document, error) {
	return newBuilder(req).collect(ctx)
}

// newBuilder starts one deployment's document.
func newBuilder(req Request) *builder {
	if req.Log == nil {
		req.Log = slog.New(slog.DiscardHandler)
	}
	if req.Env == nil {
		req.Env = func(string) (string, bool) { return "", false }
	}
	if req.Workers == nil {
		req.Workers = NewWorkers(0)
	}
	doc := &inventory.Document{
		SchemaVersion: inventory.SchemaVersion,
		Context: inventory.Context{
			Now: req.Now.UTC().Format(time.RFC3339), CertExpiryWarnDays: req.CertWarnDays,
			FIPSRequired: req.FIPSRequired, Live: req.Cluster != nil,
			Root: req.Deployment.Root,
		},
		Elasticsearch:    inventory.Elasticsearch{Nodes: []inventory.Node{}},
		Kibana:           []inventory.Kibana{},
		CollectionErrors: []inventory.CollectionError{},
	}
	doc.Context.FileLocation, doc.Context.FileLocationReason = fileLocation(req.Deployment)
	return &builder{req: req, doc: doc, shared: certs.NewShared(), names: &secretNames{}}
}

// collect reads every source of the deployment into the document.
func (b *builder) collect(ctx context.Context) (*inventory.Document, error) {
	req, doc := b.req, b.doc
	src, errs := discover(req.Deployment.Paths)
	for _, err := range errs {
		b.addError("files", "", err)
	}
	b.collectFiles(ctx, src)
	req.Workers.cpu(ctx, b.kibanaTrust)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if req.Cluster != nil {
		b.collectLive(ctx)
	}
	b.collectKibanaHTTP(ctx)
	b.finish()
	if !anyReadable(doc) && (doc.Elasticsearch.Cluster == nil || !doc.Elasticsearch.Cluster.Reachable) {
		cause := ErrNothingReadable
		if onlyDiscoveryErrors(doc.CollectionErrors) {
			cause = ErrNothingFound
		}
		return doc, fmt.Errorf("%w: %s", cause, summarizeErrors(doc.CollectionErrors))
	}
	return doc, nil
}

// anyReadable is true when some node or Kibana instance's configuration
// was read (unreadable ones keep their rows but are not evidence).
func anyReadable(doc *inventory.Document) bool {
	for _, n := range doc.Elasticsearch.Nodes {
		if n.Readable {
			return true
		}
	}
	for _, k := range doc.Kibana {
		if k.Readable {
			return true
		}
	}
	return false
}

// onlyDiscoveryErrors is true when every error says a path held nothing to
// audit (as opposed to something found but unreadable).
func onlyDiscoveryErrors(errs []inventory.CollectionError) bool {
	for _, e := range errs {
		if e.Source != "files" {
			return false
		}
	}
	return true
}

func summarizeErrors(errs []inventory.CollectionError) string {
	if len(errs) == 0 {
		return "nothing to audit"
	}
	var parts []string
	for _, e := range errs {
		parts = append(parts, e.Message)
	}
	return strings.Join(parts, "; ")
}

// builder accumulates one document.
type builder struct {
	req Request
	doc *inventory.Document
	// Parsed certificates kept in memory for cross-component trust:
	// per node (in doc.Elasticsearch.Nodes order, empty for a node that
	// could not be read), and Kibana's CAs towards Elasticsearch per
	// instance (in doc.Kibana order, nil for an unreadable one).
	nodeCerts []certs.Collection
	// mountCtx maps a config file found on disk to the compose service
	// that mounts it when that service could not be classified: its paths
	// are still the container's, resolved through the service's mounts.
	mountCtx map[string]*compose.Service
	kibanaCA [][]*x509.Certificate
	// judge verifies trust across components (nil: certs.Judge).
	judge judgeFunc
	// shared reads and parses a TLS file named by several nodes or
	// instances once for the whole deployment.
	shared *certs.Shared
	// names remembers which setting names are secret.
	names *secretNames
}

func (b *builder) addError(source, file string, err error) {
	b.doc.CollectionErrors = append(b.doc.CollectionErrors, inventory.CollectionError{
		Source: source, File: file, Message: b.req.Seen.Scrub(err.Error()),
	})
}

// finish names the deployment and settles its version.
func (b *builder) finish() {
	d := &b.doc.Deployment
	d.RequiredLevel = b.req.Deployment.RequiredLevel
	d.Name = b.req.Deployment.Name
	if d.Name == "" {
		for _, n := range b.doc.Elasticsearch.Nodes {
			if v, ok := n.Settings["cluster.name"]; ok && v.Value != "" {
				d.Name = v.Value
				break
			}
		}
	}
	if d.Name == "" && b.doc.Elasticsearch.Cluster != nil {
		if root, ok := b.doc.Elasticsearch.Cluster.Bodies["root"].(map[string]any); ok {
			d.Name, _ = root["cluster_name"].(string)
		}
	}
	if d.Name == "" && len(b.req.Deployment.Paths) > 0 {
		d.Name = filepath.Base(filepath.Clean(b.req.Deployment.Paths[0]))
	}
	if d.Name == "" {
		d.Name = "elasticsearch"
	}
	if b.req.Deployment.Version != "" && d.VersionSource != "api" {
		d.Version, d.VersionSource = b.req.Deployment.Version, "flag"
	}
}

// setVersion records a detected version unless a better source already did.
func (b *builder) setVersion(v, source string) {
	if v == "" {
		return
	}
	rank := map[string]int{"": 0, "compose-image": 1, "jar": 2, "flag": 3, "api": 4}
	d := &b.doc.Deployment
	if rank[source] > rank[d.VersionSource] {
		d.Version, d.VersionSource = v, source
	}
}
