// Command gen writes the demo's keystores (test material, not secrets):
//
//	go run ./testdata/demo/gen
//
// Run it from the repository root; it overwrites the keystores in place.
package main

import (
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"

	"github.com/essec-dev/essec/internal/format/keystore"
)

func main() {
	for _, n := range []string{"es01", "es02", "es03"} {
		entries := map[string][]byte{"keystore.seed": []byte("demoSeedValue-" + n + "xx")}
		if err := write(filepath.Join("testdata/demo", n, "elasticsearch.keystore"), func(f *os.File) error {
			return keystore.WriteElasticsearch(f, 5, nil, entries, rand.Reader)
		}); err != nil {
			fail(err)
		}
	}
	kb := map[string]string{
		"elasticsearch.password":       "demo-kibana-system-password",
		"xpack.security.encryptionKey": "demo-session-key-0123456789abcdefghij",
	}
	if err := write("testdata/demo/kibana/kibana.keystore", func(f *os.File) error {
		return keystore.WriteKibana(f, nil, kb, rand.Reader)
	}); err != nil {
		fail(err)
	}
}

func write(path string, fn func(*os.File) error) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if err := fn(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}
