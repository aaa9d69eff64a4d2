package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/redact"
)

// Values from configuration files, cluster names and API bodies cannot
// drive the terminal through the logs, in text or JSON.
func TestLogsEscapeControlSequences(t *testing.T) {
	hostile := "prod\x1b[2J\rFAKE\x07\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\\u202Egnp"
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			log, err := newLogger(&buf, "debug", format, &redact.Secrets{})
			if err != nil {
				t.Fatal(err)
			}
			log.Warn("cluster "+hostile+" answered", "cluster_name", hostile, "err", errors.New("body: "+hostile),
				"took", 1500*time.Millisecond)
			log.With("deployment", hostile).Info("x")
			out := buf.String()
			for _, bad := range []string{"\x1b", "\r", "\x07", "\u202e"} {
				if strings.Contains(out, bad) {
					t.Errorf("log holds %q:\n%q", bad, out)
				}
			}
			if !strings.Contains(out, `2J`) || !strings.Contains(out, "202e") {
				t.Errorf("the escaped text is not shown:\n%s", out)
			}
			if !strings.Contains(out, "1.5s") {
				t.Errorf("duration not printed as a duration:\n%s", out)
			}
		})
	}
}

func TestErrorLinesEscapeControlSequences(t *testing.T) {
	var errOut bytes.Buffer
	d := &Deps{IO: &IOStreams{Out: &bytes.Buffer{}, ErrOut: &errOut, Getenv: func(string) (string, bool) { return "", false }},
		Secrets: &redact.Secrets{}, Now: time.Now}
	code := Execute(t.Context(), d, []string{"audit", "--level", "x\x1b[2J\ressec: hint: run rm -rf"})
	if code != ExitUsage {
		t.Fatalf("exit %d", code)
	}
	if strings.ContainsAny(errOut.String(), "\x1b\r") || strings.Count(errOut.String(), "essec: hint:") > 0 && strings.Contains(errOut.String(), "\nessec: hint: run rm") {
		t.Errorf("error output can be spoofed:\n%q", errOut.String())
	}
}

// With --log-format json every line on stderr is a JSON record: errors and
// their hints too.
func TestJSONLogFormatCoversErrors(t *testing.T) {
	var errOut bytes.Buffer
	d := &Deps{IO: &IOStreams{Out: &bytes.Buffer{}, ErrOut: &errOut, Getenv: func(string) (string, bool) { return "", false }},
		Secrets: &redact.Secrets{}, Now: time.Now}
	if code := Execute(t.Context(), d, []string{"--log-format", "json", "audit", "--checks", "BAS-1", t.TempDir()}); code != ExitUsage {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(errOut.String()), "\n")
	for _, l := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil || rec["level"] == nil || rec["msg"] == nil {
			t.Errorf("stderr line is not a JSON log record: %q", l)
		}
	}
	if !strings.Contains(errOut.String(), `"hint":["did you mean BAS-01?`) {
		t.Errorf("the hint is missing: %s", errOut.String())
	}
}
