package cli_test

import (
	"bytes"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/essec-dev/essec/internal/format/keystore"
)

// copyDemoNode copies the demo's es01 config directory into a temp dir.
func copyDemoNode(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "es01")
	if err := os.Mkdir(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"elasticsearch.yml", "elasticsearch.keystore"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "demo", "es01", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o640); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	os.Remove(path)
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

// A FIFO where a file is expected is refused at once with a clear message;
// reading it would block the run forever (the test would time out).
func TestInspectRefusesSpecialFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "elasticsearch.yml")
	mkfifo(t, fifo)
	for path, want := range map[string]string{
		fifo:        fifo + ": is a FIFO, not a regular file",
		"/dev/zero": "/dev/zero: is a character device, not a regular file",
	} {
		code, _, stderr := run(t, nil, "inspect", path)
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("inspect %s: exit %d, stderr %q; want 2 and %q", path, code, stderr, want)
		}
	}
}

// A keystore with the wrong password exits 2, as a PKCS#12 file does.
func TestInspectKeystoreWrongPassword(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := keystore.WriteElasticsearch(&buf, 7, []byte("the-keystore-pw"), map[string][]byte{"keystore.seed": []byte("0123456789abcdef")}, rand.Reader); err != nil {
		t.Fatal(err)
	}
	ks := filepath.Join(dir, "elasticsearch.keystore")
	pw := filepath.Join(dir, "pw")
	for name, data := range map[string][]byte{ks: buf.Bytes(), pw: []byte("not-the-password\n")} {
		if err := os.WriteFile(name, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := run(t, nil, "inspect", "--password-file", pw, ks)
	if code != 2 || !strings.Contains(stderr, "wrong keystore password") {
		t.Errorf("wrong password: exit %d, stderr %q; want 2 and 'wrong keystore password'", code, stderr)
	}
	code, out, _ := run(t, nil, "inspect", ks)
	if code != 0 || !strings.Contains(out, "password protected: true") || !strings.Contains(out, "--password-file") {
		t.Errorf("no password: exit %d, out %q; want 0 and the protection shown", code, out)
	}
	code, out, _ = run(t, map[string]string{"ESSEC_KEYSTORE_PASSWORD": "the-keystore-pw"}, "inspect", ks)
	if code != 0 || !strings.Contains(out, "keystore.seed") {
		t.Errorf("right password: exit %d, out %q", code, out)
	}
	garbage := filepath.Join(t.TempDir(), "elasticsearch.keystore")
	if err := os.WriteFile(garbage, []byte("not a keystore\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, nil, "inspect", garbage)
	if code != 2 || !strings.Contains(stderr, "bad magic") {
		t.Errorf("garbage keystore: exit %d, stderr %q", code, stderr)
	}
}

// A FIFO as --password-file is a usage error, not a hang.
func TestPasswordFileFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "password")
	mkfifo(t, fifo)
	code, _, stderr := run(t, nil, "audit", "--url", "https://127.0.0.1:1", "--user", "elastic", "--password-file", fifo)
	if code != 2 || !strings.Contains(stderr, "is a FIFO, not a regular file") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// FIFOs as the keystore and jvm.options of a node: the audit finishes, the
// other checks run, the keystore checks say unknown with the reason.
func TestAuditWithFIFOKeystore(t *testing.T) {
	dir := copyDemoNode(t)
	mkfifo(t, filepath.Join(dir, "elasticsearch.keystore"))
	mkfifo(t, filepath.Join(dir, "jvm.options"))
	code, out, stderr := run(t, nil, "audit", "--format", "json", dir)
	if code != 1 && code != 3 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(out, `"check_id": "MIN-01"`) {
		t.Errorf("other checks did not run:\n%s", out)
	}
	if !strings.Contains(out, "is a FIFO, not a regular file") {
		t.Errorf("the report does not say the keystore is a FIFO:\n%.2000s", out)
	}
}

// A FIFO as elasticsearch.yml: alone, nothing could be audited (exit 2);
// next to a readable node, the audit goes on (exit 1 for the demo's
// failures) and the FIFO node keeps its row, unknown with the reason.
func TestAuditWithFIFOConfig(t *testing.T) {
	dir := copyDemoNode(t)
	fifoNode := filepath.Join(filepath.Dir(dir), "es02")
	if err := os.Mkdir(fifoNode, 0o750); err != nil {
		t.Fatal(err)
	}
	mkfifo(t, filepath.Join(fifoNode, "elasticsearch.yml"))
	code, _, stderr := run(t, nil, "audit", fifoNode)
	if code != 2 || !strings.Contains(stderr, "nothing could be audited") || !strings.Contains(stderr, "is a FIFO, not a regular file") {
		t.Fatalf("alone: exit %d, stderr %q; want 2 naming the FIFO", code, stderr)
	}
	code, out, stderr := run(t, nil, "audit", "--format", "json", dir, fifoNode)
	if code != 1 {
		t.Fatalf("with a readable node: exit %d, stderr %q; want 1", code, stderr)
	}
	if !strings.Contains(out, `"check_id": "MIN-01"`) || !strings.Contains(out, "is a FIFO, not a regular file") {
		t.Errorf("the readable node was not audited, or the FIFO not named:\n%.2000s", out)
	}
}

// Every file flag refuses a FIFO or a device at once (exit 2), naming it.
func TestFileFlagsRefuseSpecialFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	mkfifo(t, fifo)
	node := copyDemoNode(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"audit", "--input", fifo}, "read --input: " + fifo + ": is a FIFO, not a regular file"},
		{[]string{"audit", "--input", "/dev/zero"}, "/dev/zero: is a character device, not a regular file"},
		{[]string{"audit", "--ignore", fifo, node}, "read waivers: " + fifo + ": is a FIFO, not a regular file"},
		{[]string{"audit", "--baseline", fifo, node}, "read baseline: " + fifo + ": is a FIFO, not a regular file"},
		{[]string{"audit", "--url", "https://127.0.0.1:1", "--ca-cert", "/dev/zero"}, "read --ca-cert: /dev/zero: is a character device"},
		{[]string{"audit", fifo}, fifo + ": is a FIFO, not a regular file"},
	} {
		code, _, stderr := run(t, nil, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}
