package collect

import (
	"bytes"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/essec-dev/essec/internal/format/keystore"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/redact"
)

func readKeystoreForTest(t *testing.T, kind, path string, password []byte) (*inventory.Keystore, error) {
	t.Helper()
	return readKeystore(kind, path, password, redact.NewWithKey([]byte("k")), newSecretBag(), &redact.Secrets{})
}

func writeESKeystore(t *testing.T, dir string, password []byte) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	// Version 5 (10,000 PBKDF2 iterations): these tests are about errors,
	// not the key derivation, and version 7 costs 21 times more per read.
	if err := keystore.WriteElasticsearch(&buf, 5, password, map[string][]byte{"keystore.seed": []byte("seedseedseed")}, rand.Reader); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "elasticsearch.keystore")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p, buf.Bytes()
}

// A keystore that cannot be parsed is evidence of nothing: not readable,
// no password flag, the reason kept (HARD-12 said "has no password" for
// garbage and passed a checksum-damaged protected one).
func TestReadKeystoreMalformedIsNotEvidence(t *testing.T) {
	dir := t.TempDir()
	p, data := writeESKeystore(t, dir, []byte("keystore-pw"))
	damaged := bytes.Clone(data)
	damaged[len(damaged)-1] ^= 0xff // the checksum
	for name, content := range map[string][]byte{
		"garbage":          []byte("this is not a keystore at all\n"),
		"checksum-damaged": damaged,
	} {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(p, content, 0o600); err != nil {
				t.Fatal(err)
			}
			ks, err := readKeystoreForTest(t, "elasticsearch", p, nil)
			if err == nil {
				t.Fatal("no error")
			}
			if !ks.Present || ks.Readable || ks.PasswordProtected || ks.ErrorKind != keystore.KindMalformed {
				t.Fatalf("evidence = %+v; want present, not readable, not protected, malformed", ks)
			}
			if !strings.HasPrefix(ks.Error, "not a readable keystore: ") {
				t.Errorf("error = %q", ks.Error)
			}
		})
	}
}

func TestReadKeystoreWrongPassword(t *testing.T) {
	p, _ := writeESKeystore(t, t.TempDir(), []byte("keystore-pw"))
	ks, err := readKeystoreForTest(t, "elasticsearch", p, []byte("not-it"))
	if err == nil || !strings.Contains(err.Error(), "wrong keystore password") {
		t.Fatalf("err = %v", err)
	}
	if ks.ErrorKind != keystore.KindWrongPassword || !ks.PasswordProtected || ks.Decrypted {
		t.Fatalf("evidence = %+v", ks)
	}
	ks, err = readKeystoreForTest(t, "elasticsearch", p, nil)
	if err != nil || ks.ErrorKind != keystore.KindPasswordRequired || !ks.PasswordProtected {
		t.Fatalf("no password: %+v, %v", ks, err)
	}
}

// A FIFO named elasticsearch.keystore is refused at once, not read forever.
func TestReadKeystoreFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "elasticsearch.keystore")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	ks, err := readKeystoreForTest(t, "elasticsearch", p, nil)
	if err == nil || !strings.Contains(err.Error(), "is a FIFO, not a regular file") {
		t.Fatalf("err = %v", err)
	}
	if !ks.Present || ks.Readable || ks.ErrorKind != "unreadable" || ks.Error != "cannot read: is a FIFO, not a regular file" {
		t.Fatalf("evidence = %+v", ks)
	}
}
