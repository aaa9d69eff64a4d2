package cli

import (
	"bytes"
	"log/slog"
	"net"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/fakees"
	"github.com/essec-dev/essec/internal/redact"
)

// Progress shows only on a terminal and never with --no-progress; what it
// drew is cleared when the step is done.
func TestProgressOnlyOnTerminal(t *testing.T) {
	for _, tc := range []struct {
		name       string
		tty, noPrg bool
		want       bool
	}{
		{"pipe", false, false, false},
		{"terminal", true, false, true},
		{"terminal with --no-progress", true, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var errOut bytes.Buffer
			d := &Deps{IO: &IOStreams{ErrOut: &errOut, ErrTTY: tc.tty}, NoProgress: tc.noPrg}
			p := newProgress(d, "collecting evidence")
			p.describe("auditing demo-logs")
			p.done()
			if got := strings.Contains(errOut.String(), "essec: collecting evidence"); got != tc.want {
				t.Errorf("progress shown %t, want %t: %q", got, tc.want, errOut.String())
			}
		})
	}
}

// On a terminal, collecting a live cluster counts the deployments and the
// calls done and the failures so far; the debug records it counts from do
// not reach an info-level log. A cluster that refuses connections counts as
// a failed deployment with failed calls.
func TestProgressCountsDeploymentsAndCalls(t *testing.T) {
	es := fakees.New(t, fakees.Open7x(t))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	for _, tc := range []struct {
		name string
		url  string
		want *regexp.Regexp
	}{
		{"reachable", es.URL, regexp.MustCompile(`^collecting evidence: 1 of 1 deployments \(0 failed\), (\d+) calls \(\d+ failed\)$`)},
		{"refused", "http://" + closed, regexp.MustCompile(`^collecting evidence: 1 of 1 deployments \(1 failed\), (\d+) calls \((\d+) failed\)$`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var errOut, logs bytes.Buffer
			d := &Deps{IO: &IOStreams{ErrOut: &errOut, ErrTTY: true, Getenv: func(string) (string, bool) { return "", false }},
				Secrets: &redact.Secrets{}, Now: time.Now}
			p := newProgress(d, "collecting evidence")
			log := slog.New(slog.NewTextHandler(&logs, nil))
			_, _, _ = gather(t.Context(), d, gatherOptions{Conn: connFlags{URLs: []string{tc.url}, Timeout: 5 * time.Second},
				Log: p.counting(log), Progress: p.deployments})
			got := p.text()
			t.Log(got)
			p.done()
			m := tc.want.FindStringSubmatch(got)
			if m == nil {
				t.Fatalf("progress says %q", got)
			}
			if n, _ := strconv.Atoi(m[1]); n < 13 && tc.name == "reachable" {
				t.Errorf("%d calls counted, want the 13 API calls and the probes: %q", n, got)
			}
			if tc.name == "refused" && m[2] == "0" {
				t.Errorf("no failed call counted: %q", got)
			}
			if strings.Contains(logs.String(), "elasticsearch call") {
				t.Errorf("debug records reached an info-level log:\n%s", logs.String())
			}
		})
	}
	// In a pipe nothing is wrapped: the logger is the caller's own.
	d := &Deps{IO: &IOStreams{ErrOut: &bytes.Buffer{}}}
	log := slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))
	if got := newProgress(d, "x").counting(log); got != log {
		t.Error("the logger is wrapped although no progress is shown")
	}
}

// A message or a log record written while the spinner shows starts on a
// cleared line, not glued to the spinner's text.
func TestMessagesClearTheSpinnerLine(t *testing.T) {
	var errOut bytes.Buffer
	d := &Deps{IO: &IOStreams{ErrOut: &errOut, ErrTTY: true}, Secrets: &redact.Secrets{}}
	p := newProgress(d, "collecting evidence")
	d.say("warning", "first message")
	log := p.counting(slog.New(slog.NewTextHandler(&errOut, nil)))
	log.Warn("second message")
	p.done()
	d.say("warning", "after the spinner")
	out := errOut.String()
	for _, m := range []string{"essec: warning: first message", "time="} {
		i := strings.Index(out, m)
		if i < 0 {
			t.Fatalf("%q missing: %q", m, out)
		}
		if !strings.HasSuffix(out[:i], "\r") {
			t.Errorf("%q does not start on a cleared line: %q", m, out[:i])
		}
	}
	if !strings.Contains(out, "level=WARN msg=\"second message\"") {
		t.Errorf("the log record is missing: %q", out)
	}
	if !strings.HasSuffix(out, "\ressec: warning: after the spinner\n") {
		t.Errorf("the spinner is not gone before later messages: %q", out)
	}
}
