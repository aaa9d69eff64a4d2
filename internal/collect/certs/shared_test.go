package certs

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/essec-dev/essec/internal/certtest"
	"github.com/essec-dev/essec/internal/collect/collecttest"
	"github.com/essec-dev/essec/internal/inventory"
)

// TestSharedReadsAndParsesOnce collects two nodes that name the same CA
// file by absolute path and also keep their own copy of it: with one
// Shared for the deployment, the shared path is read once and the CA's
// content parsed once, and every node's evidence is what a collection
// without the cache gives.
func TestSharedReadsAndParsesOnce(t *testing.T) {
	ca := issue(t, nil, certOpts{cn: "Test CA", isCA: true})
	root := t.TempDir()
	caPath := collecttest.WriteFile(t, filepath.Join(root, "shared"), "ca.crt", certtest.CertPEM(ca.cert), 0o644)
	var reqs []Request
	for _, name := range []string{"es01", "es02"} {
		dir := filepath.Join(root, name)
		leaf := issue(t, &ca, certOpts{cn: name})
		collecttest.WriteFile(t, dir, "http.crt", certtest.CertPEM(leaf.cert), 0o644)
		collecttest.WriteFile(t, dir, "http.key", certtest.KeyPEM(t, leaf.key), 0o600)
		collecttest.WriteFile(t, dir, "ca-copy.crt", certtest.CertPEM(ca.cert), 0o644)
		s := settings(
			"xpack.security.http.ssl.certificate", "http.crt",
			"xpack.security.http.ssl.key", "http.key",
			"xpack.security.transport.ssl.certificate_authorities", caPath,
		)
		s["xpack.security.http.ssl.certificate_authorities"] = inventory.Setting{Value: caPath + ",ca-copy.crt", List: []string{caPath, "ca-copy.crt"}}
		reqs = append(reqs, Request{ConfigDir: dir, Now: testNow, Settings: s})
	}
	shared := NewShared()
	for i, req := range reqs {
		alone := CollectElasticsearch(context.Background(), req)
		req.Shared = shared
		got := CollectElasticsearch(context.Background(), req)
		if len(got.Errors) != 0 {
			t.Fatal(got.Errors)
		}
		if !reflect.DeepEqual(got.Evidence(), alone.Evidence()) || !reflect.DeepEqual(got.Trust, alone.Trust) {
			t.Errorf("node %d: evidence with the cache\n%+v\nwithout\n%+v", i, got.Evidence(), alone.Evidence())
		}
		if len(got.Materials) != 5 {
			t.Errorf("node %d: %d materials, want 5", i, len(got.Materials))
		}
	}
	// Reads: the shared CA once, then per node its certificate, key and
	// copy. Parses: the CA content once (shared path and both copies), each
	// node's certificate and key.
	if n := shared.reads.Load(); n != 7 {
		t.Errorf("%d files read, want 7", n)
	}
	if n := shared.parses.Load(); n != 5 {
		t.Errorf("%d contents parsed, want 5", n)
	}
}
