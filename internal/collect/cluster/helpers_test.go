package cluster

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/fakees"
	"github.com/essec-dev/essec/internal/inventory"
)

const (
	testUser     = "elastic"
	testPassword = "Pa55-w0rd-NEVER-LOGGED"
)

// tlsFake starts a fake over TLS with a fresh CA and returns it with
// options that trust the CA and log at debug level into the buffer.
func tlsFake(t *testing.T, sc fakees.Scenario, extra ...fakees.Option) (*fakees.Server, Options, *bytes.Buffer) {
	t.Helper()
	ca := fakees.NewCA(t, "essec test CA")
	s := fakees.New(t, sc, append([]fakees.Option{fakees.WithTLS(ca.ServerTLS(t, fakees.LeafOptions{}, 0))}, extra...)...)
	opts, buf := baseOptions(s)
	opts.CACert = ca.PEM()
	return s, opts, buf
}

// plainFake starts a plain-HTTP fake.
func plainFake(t *testing.T, sc fakees.Scenario, extra ...fakees.Option) (*fakees.Server, Options, *bytes.Buffer) {
	t.Helper()
	s := fakees.New(t, sc, extra...)
	opts, buf := baseOptions(s)
	return s, opts, buf
}

func baseOptions(s *fakees.Server) (Options, *bytes.Buffer) {
	buf := &bytes.Buffer{}
	return Options{
		URLs:    []string{s.URL},
		Timeout: 5 * time.Second,
		Logger:  slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}, buf
}

func withBasic(o Options) Options {
	o.Username, o.Password = testUser, []byte(testPassword)
	return o
}

func collect(t *testing.T, o Options) *inventory.Cluster {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return Collect(ctx, o)
}

// wantClass asserts the error class of each named call.
func wantClass(t *testing.T, c *inventory.Cluster, class string, names ...string) {
	t.Helper()
	for _, n := range names {
		got, ok := c.Calls[n]
		if !ok {
			t.Errorf("call %s missing", n)
			continue
		}
		if got.ErrorClass != class {
			t.Errorf("call %s: class %q (status %d, error %q), want %q", n, got.ErrorClass, got.Status, got.Error, class)
		}
		_, hasBody := c.Bodies[n]
		if hasBody != (class == "") {
			t.Errorf("call %s: body present %v with class %q", n, hasBody, class)
		}
	}
}

func allCalls() []string {
	var names []string
	for _, c := range calls() {
		names = append(names, c.name)
	}
	return names
}

func securityCalls() []string {
	var names []string
	for _, c := range calls() {
		if c.security {
			names = append(names, c.name)
		}
	}
	return names
}

func otherCalls() []string {
	var names []string
	for _, c := range calls() {
		if !c.security {
			names = append(names, c.name)
		}
	}
	return names
}

// countRequests counts the requests the fake got for a path.
func countRequests(s *fakees.Server, path string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// c0SHA is the hex SHA-256 of the fake's leaf certificate.
func c0SHA(t *testing.T, s *fakees.Server) string {
	t.Helper()
	sum := sha256.Sum256(s.Certificate().Raw)
	return hex.EncodeToString(sum[:])
}

// colonUpper writes a fingerprint the way openssl prints it: AB:CD:...
func colonUpper(fp string) string {
	var parts []string
	for i := 0; i < len(fp); i += 2 {
		parts = append(parts, strings.ToUpper(fp[i:i+2]))
	}
	return strings.Join(parts, ":")
}
