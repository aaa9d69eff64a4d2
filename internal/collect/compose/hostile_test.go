package compose

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A FIFO or a device named as env_file or .env is refused with its reason;
// reading it would block the run forever.
func TestLoadRefusesSpecialEnvFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "es.env")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, ".env"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "docker-compose.yml")
	body := "services:\n  es01:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.1\n    env_file: [es.env, /dev/zero]\n"
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Load(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, pr := range f.Problems {
		msgs = append(msgs, pr.Message)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"es.env cannot be read (is a FIFO, not a regular file)", "/dev/zero cannot be read (is a character device, not a regular file)", ".env cannot be read (is a FIFO, not a regular file)"} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
}

func TestLoadRefusesFIFOComposeFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "docker-compose.yml")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	_, err := Load(context.Background(), p, nil)
	if err == nil || !strings.Contains(err.Error(), "is a FIFO, not a regular file") {
		t.Fatalf("err = %v", err)
	}
}

// A service named twice is a duplicate problem: docker compose refuses the
// file, so a check fails on it instead of judging one of the two.
func TestLoadReportsDuplicateService(t *testing.T) {
	p := filepath.Join(t.TempDir(), "docker-compose.yml")
	body := "services:\n  es01:\n    image: elasticsearch:8.15.1\n  es01:\n    image: elasticsearch:8.15.1\n"
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Load(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range f.Problems {
		if pr.Kind == "duplicate" && pr.Line == 4 && strings.Contains(pr.Message, "service es01 is defined twice (lines 2 and 4)") {
			return
		}
	}
	t.Fatalf("no duplicate problem in %+v", f.Problems)
}
