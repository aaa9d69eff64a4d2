package cluster

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/essec-dev/essec/internal/collect/probe"
	"github.com/essec-dev/essec/internal/inventory"
)

// Collect audits one cluster: every call of the collection, an
// unauthenticated GET / and GET /_security/_authenticate per URL, and a TLS
// probe per URL, all concurrently under a bound of opts.Concurrency. It
// sends only GET requests and never fails as a whole: invalid options are
// reported in Cluster.Error, and each call's failure in its APICall.
func Collect(ctx context.Context, opts Options) *inventory.Cluster {
	out := &inventory.Cluster{
		Auth:      inventory.Connection{Kind: opts.authKind(), Username: opts.Username, Insecure: opts.Insecure, Roles: []string{}},
		Calls:     map[string]inventory.APICall{},
		Bodies:    map[string]any{},
		Anonymous: []inventory.AnonymousProbe{},
		TLS:       []inventory.TLSProbe{},
	}
	scrub := newScrubber(opts)
	if err := opts.Validate(); err != nil {
		out.Endpoint = redactedList(opts.URLs[:min(1, len(opts.URLs))])
		out.Error = scrub.String(err.Error())
		return out
	}
	opts = opts.withDefaults()
	out.Endpoint = opts.URLs[0]
	log := opts.Logger
	log.DebugContext(ctx, "collect cluster", "urls", opts.URLs, "auth", opts.authKind(), "user", opts.Username,
		"ca_cert", len(opts.CACert) > 0, "ca_fingerprint", opts.CAFingerprint != "", "insecure", opts.Insecure,
		"timeout", opts.Timeout, "concurrency", opts.Concurrency)

	rt, err := newTransport(opts)
	if err != nil {
		out.Error = scrub.String(err.Error())
		return out
	}
	if t, ok := rt.(interface{ CloseIdleConnections() }); ok && opts.Transport == nil {
		defer t.CloseIdleConnections()
	}
	es, err := newClient(opts, rt)
	if err != nil {
		out.Error = scrub.String(err.Error())
		return out
	}

	start := time.Now()
	r := newRunner(ctx, opts.Concurrency, opts.Slots)
	var mu sync.Mutex
	send := func(c call) {
		r.run(func() {
			o := perform(ctx, es, c, opts.Timeout)
			o.call.Error = scrub.String(o.call.Error)
			log.DebugContext(ctx, "elasticsearch call", "call", c.name, "path", c.path, "status", o.call.Status,
				"error_class", o.call.ErrorClass, "error", o.call.Error, "duration_ms", o.call.DurationMS)
			mu.Lock()
			defer mu.Unlock()
			out.Calls[c.name] = o.call
			if o.body != nil {
				out.Bodies[c.name] = scrub.Value(o.body)
			}
		})
	}
	// GET / goes first, alone: when the only endpoint sends no answer at
	// all in time (not even a status line), nothing else is sent, so an endpoint that accepts
	// connections and never answers costs one timeout, not one per call
	// and probe (waves of Concurrency). With several URLs the client may
	// have tried one node only, so every call is still sent.
	all := calls()
	send(all[0])
	r.wait()
	if root := out.Calls[all[0].name]; root.ErrorClass == ClassTimeout && root.Status == 0 && len(opts.URLs) == 1 && ctx.Err() == nil {
		notSent(out, all[1:], opts)
	} else {
		for _, c := range all[1:] {
			send(c)
		}
		out.Anonymous = probeAnonymous(ctx, r, opts, rt, scrub)
		out.TLS = probeTLS(ctx, r, opts, scrub)
		r.wait()
	}

	finish(out, opts)
	log.DebugContext(ctx, "cluster collected", "reachable", out.Reachable, "calls", len(out.Calls),
		"bodies", len(out.Bodies), "elapsed_ms", time.Since(start).Milliseconds())
	return out
}

// notSent records the calls and probes left unsent because the endpoint
// did not answer GET / in time: the same timeout class, and why.
func notSent(out *inventory.Cluster, rest []call, o Options) {
	endpoint := redactedList(o.URLs)
	why := fmt.Sprintf("not sent: %s did not answer GET / within %s", endpoint, o.Timeout)
	for _, c := range rest {
		out.Calls[c.name] = inventory.APICall{Path: c.path, ErrorClass: ClassTimeout, Error: why}
	}
	for _, u := range o.URLs {
		for _, p := range anonymousPaths() {
			target := strings.TrimRight(u, "/") + p
			out.Anonymous = append(out.Anonymous, inventory.AnonymousProbe{URL: target, Error: "anonymous GET " + target + ": " + why})
		}
		out.TLS = append(out.TLS, inventory.TLSProbe{Endpoint: u, Certificates: []inventory.Certificate{}, Error: "not probed: " + endpoint + " did not answer GET / within " + o.Timeout.String()})
	}
}

// probeAnonymous schedules the unauthenticated requests; the returned slice
// is filled when r.wait returns.
func probeAnonymous(ctx context.Context, r *runner, o Options, rt http.RoundTripper, scrub *scrubber) []inventory.AnonymousProbe {
	client := anonymousClient(rt)
	paths := anonymousPaths()
	res := make([]inventory.AnonymousProbe, len(o.URLs)*len(paths))
	for i, u := range o.URLs {
		for j, p := range paths {
			r.run(func() {
				a := anonymous(ctx, client, u, p, o)
				a.Error = scrub.String(a.Error)
				a.Body = scrub.Value(a.Body)
				o.Logger.DebugContext(ctx, "anonymous probe", "url", a.URL, "status", a.Status,
					"www_authenticate", a.WWWAuthenticate, "error", a.Error)
				res[i*len(paths)+j] = a
			})
		}
	}
	return res
}

// probeTLS schedules a TLS probe per URL (http URLs too: they show
// whether the port speaks TLS); the slice is filled when r.wait returns.
func probeTLS(ctx context.Context, r *runner, o Options, scrub *scrubber) []inventory.TLSProbe {
	res := make([]inventory.TLSProbe, len(o.URLs))
	for i, u := range o.URLs {
		r.run(func() {
			pctx, cancel := context.WithTimeout(ctx, o.Timeout)
			defer cancel()
			p := probe.TLS(pctx, u, o.tlsOptions())
			p.Error = scrub.String(p.Error)
			o.Logger.DebugContext(ctx, "tls probe", "endpoint", u, "speaks_tls", p.SpeaksTLS, "version", p.Version,
				"verify_error", p.VerifyError, "error", p.Error)
			res[i] = p
		})
	}
	return res
}

// finish derives the summary fields once every call is done.
func finish(out *inventory.Cluster, o Options) {
	legacy := legacyPrivileges(out.Bodies["root"])
	for _, c := range calls() {
		ac, ok := out.Calls[c.name]
		if !ok {
			continue
		}
		if ac.ErrorClass == ClassPrivilege && ac.Privilege == "" {
			ac.Privilege = c.privilege
			if legacy {
				ac.Privilege = c.legacy
			}
		}
		ac.Error = withHint(ac.Error, ac.ErrorClass, ac.Privilege, o)
		out.Calls[c.name] = ac
		if ac.Status > 0 {
			out.Reachable = true
		}
	}
	for _, a := range out.Anonymous {
		if a.Status > 0 {
			out.Reachable = true
		}
	}
	out.Auth = connection(o, out.Bodies["authenticate"])
	if !out.Reachable {
		out.Error = out.Calls["root"].Error
		if out.Error == "" {
			out.Error = "no node answered at " + redactedList(o.URLs)
		}
	}
}

// legacyPrivileges is true for clusters older than 8.5, which lack the
// read_security privilege; an unknown version counts as current.
func legacyPrivileges(root any) bool {
	m, _ := root.(map[string]any)
	v, _ := m["version"].(map[string]any)
	number, _ := v["number"].(string)
	major, minor, ok := majorMinor(number)
	return ok && (major < 8 || (major == 8 && minor < 5))
}

func redactedList(urls []string) string {
	s := ""
	for i, raw := range urls {
		if i > 0 {
			s += ", "
		}
		if u, err := url.Parse(raw); err == nil {
			s += u.Redacted()
		}
	}
	return s
}
