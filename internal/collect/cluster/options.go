package cluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/essec-dev/essec/internal/collect/probe"
)

// Defaults applied by Collect.
const (
	DefaultTimeout     = 10 * time.Second
	DefaultConcurrency = 4
)

// Options say which cluster to audit and how to connect to it.
type Options struct {
	// URLs of one cluster's nodes (http:// or https://), without credentials.
	URLs []string
	// Username and Password give HTTP Basic authentication.
	Username string
	Password []byte
	// APIKey is the encoded API key (base64 of id:key).
	APIKey []byte
	// ServiceToken is a service account (or OAuth) bearer token.
	ServiceToken []byte
	// CACert is a PEM bundle: only these certificates are trusted.
	CACert []byte
	// CAFingerprint is the hex SHA-256 of the cluster's CA certificate (or
	// of its own certificate), with or without colons, in any case. The
	// pinned CA becomes the trust anchor the chain must verify against
	// (probe.TLSOptions).
	CAFingerprint string
	// Insecure turns TLS verification off (reported in Cluster.Auth).
	Insecure bool
	// Timeout bounds each call, retries included (default 10s).
	Timeout time.Duration
	// Concurrency bounds the calls and probes in flight (default 4).
	Concurrency int
	// Logger receives debug records; nil discards them. Secrets are never logged.
	Logger *slog.Logger
	// Transport replaces the HTTP transport (tests). TLS options are then
	// the transport's business.
	Transport http.RoundTripper
	// Budget bounds the response bodies; share one across a run's
	// deployments. nil: a budget of the default limits for this cluster.
	Budget *Budget
	// Slots, when set, bounds the requests and probes in flight across
	// every cluster of a run (on top of Concurrency, which bounds one
	// cluster's); nil: no bound beyond Concurrency.
	Slots Slots
}

// Slots is a run-wide bound on work in flight: Acquire blocks until a slot
// is free or ctx ends (then it returns ctx's error and holds nothing).
type Slots interface {
	Acquire(ctx context.Context) error
	Release()
}

// Validate reports every problem with the options in one error, worded for
// the command line.
func (o Options) Validate() error {
	var errs []error
	if len(o.URLs) == 0 {
		errs = append(errs, errors.New("no cluster URL: pass --url https://HOST:9200"))
	}
	for _, raw := range o.URLs {
		if err := validateURL(raw); err != nil {
			errs = append(errs, err)
		}
	}
	if o.Insecure && len(o.CACert) > 0 {
		errs = append(errs, errors.New("--ca-cert and --insecure contradict each other: drop --insecure"))
	}
	if o.Insecure && o.CAFingerprint != "" {
		errs = append(errs, errors.New("--ca-fingerprint and --insecure contradict each other: drop --insecure"))
	}
	if len(o.CACert) > 0 && o.CAFingerprint != "" {
		errs = append(errs, errors.New("--ca-cert and --ca-fingerprint are alternatives: give one"))
	}
	if o.CAFingerprint != "" {
		if _, err := probe.NormalizeFingerprint(o.CAFingerprint); err != nil {
			errs = append(errs, fmt.Errorf("--ca-fingerprint: %w", err))
		}
	}
	if len(o.CACert) > 0 {
		if _, err := probe.CertPool(o.CACert); err != nil {
			errs = append(errs, fmt.Errorf("--ca-cert: %w", err))
		}
	}
	errs = append(errs, o.validateCredentials()...)
	if o.Timeout < 0 {
		errs = append(errs, fmt.Errorf("--timeout must not be negative, got %s", o.Timeout))
	}
	if o.Concurrency < 0 {
		errs = append(errs, fmt.Errorf("concurrency must not be negative, got %d", o.Concurrency))
	}
	return errors.Join(errs...)
}

func validateURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		// Never echo a URL that might hold a password.
		shown := raw
		if err == nil && u.User != nil {
			shown = u.Redacted()
		}
		return fmt.Errorf("--url %q: want http://HOST:PORT or https://HOST:PORT (the scheme is required)", shown)
	}
	if u.User != nil {
		return fmt.Errorf("--url %q holds credentials: pass --user with ESSEC_PASSWORD, --api-key-file or --service-token-file instead", u.Redacted())
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("--url %q: a query or fragment is not allowed", raw)
	}
	return nil
}

func (o Options) validateCredentials() []error {
	var errs []error
	kinds := 0
	if o.Username != "" || len(o.Password) > 0 {
		kinds++
		if o.Username == "" {
			errs = append(errs, errors.New("a password was given without --user"))
		}
		if len(o.Password) == 0 {
			errs = append(errs, fmt.Errorf("--user %s needs a password: set ESSEC_PASSWORD or pass --password-file", o.Username))
		}
	}
	if len(o.APIKey) > 0 {
		kinds++
		if bytes.ContainsAny(o.APIKey, "\r\n") {
			errs = append(errs, errors.New("the API key holds a line break: give the encoded key on one line"))
		}
	}
	if len(o.ServiceToken) > 0 {
		kinds++
		if bytes.ContainsAny(o.ServiceToken, "\r\n") {
			errs = append(errs, errors.New("the service token holds a line break: give the token on one line"))
		}
	}
	if strings.ContainsAny(o.Username, "\r\n:") {
		errs = append(errs, errors.New("--user must not hold a colon or a line break"))
	}
	if kinds > 1 {
		errs = append(errs, errors.New("give one kind of credential: --user, an API key or a service token"))
	}
	return errs
}

// authKind names the credential kind for inventory.Connection.Kind.
func (o Options) authKind() string {
	switch {
	case len(o.APIKey) > 0:
		return "api_key"
	case len(o.ServiceToken) > 0:
		return "service_token"
	case o.Username != "":
		return "basic"
	}
	return "none"
}

// withDefaults fills the zero values.
func (o Options) withDefaults() Options {
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Concurrency == 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Budget == nil {
		o.Budget = NewBudget(0, 0)
	}
	return o
}

// tlsOptions is the TLS part of the options.
func (o Options) tlsOptions() probe.TLSOptions {
	return probe.TLSOptions{CACert: o.CACert, CAFingerprint: o.CAFingerprint, Insecure: o.Insecure}
}

// HasCredentials reports whether requests will carry a credential.
func (o Options) HasCredentials() bool { return o.authKind() != "none" }
