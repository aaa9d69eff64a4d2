package cli_test

import (
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/essec-dev/essec/internal/fakees"
	"github.com/essec-dev/essec/internal/finding"
)

// silentListener accepts connections and never answers. It counts what it
// accepted and, when the client gives up on the first connection, calls
// onGiveUp once.
type silentListener struct {
	l        net.Listener
	mu       sync.Mutex
	accepted int
}

func newSilentListener(t *testing.T, onGiveUp func()) *silentListener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &silentListener{l: l}
	var once sync.Once
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.accepted++
			s.mu.Unlock()
			go func() {
				// Read until the client closes: its timeout ended.
				_, _ = io.Copy(io.Discard, c)
				once.Do(onGiveUp)
				_ = c.Close()
			}()
		}
	}()
	t.Cleanup(func() { _ = l.Close() })
	return s
}

func (s *silentListener) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted
}

// TestTwentyDeploymentsOneTimeout (issue 12, acceptance 5): an inventory of
// 20 live deployments, 14 answering, 5 on ports that refuse and one on a
// port that accepts and never answers. Every deployment is reported, the
// unreachable ones as not audited with their endpoint named; and the run
// spends one timeout, shown by its structure rather than a clock: the
// silent endpoint got a single connection (GET /, after which nothing else
// is sent to it), and every answering cluster had received all of its
// requests before essec gave up on that connection, so no deployment waited
// for another's timeout.
func TestTwentyDeploymentsOneTimeout(t *testing.T) {
	t.Parallel()
	var fakes []*fakees.Server
	for range 14 {
		fakes = append(fakes, fakees.New(t, fakees.Open7x(t)))
	}
	requests := func() []int {
		n := make([]int, len(fakes))
		for i, f := range fakes {
			n[i] = len(f.Requests())
		}
		return n
	}
	var atGiveUp []int
	gaveUp := make(chan struct{})
	silent := newSilentListener(t, func() { atGiveUp = requests(); close(gaveUp) })

	var inv strings.Builder
	inv.WriteString("deployments:\n")
	endpoint := map[string]string{}
	add := func(name, url string) {
		endpoint[name] = strings.TrimPrefix(url, "http://")
		fmt.Fprintf(&inv, "  - name: %s\n    elasticsearch:\n      urls: ['%s']\n", name, url)
	}
	for i, f := range fakes {
		add(fmt.Sprintf("up%02d", i), f.URL)
	}
	for i := range 5 {
		add(fmt.Sprintf("refused%d", i), "http://"+closedPort(t))
	}
	add("silent", "http://"+silent.l.Addr().String())
	dir := t.TempDir()
	path := filepath.Join(dir, "essec.yaml")
	writeAt(t, path, []byte(inv.String()))

	jsonPath := filepath.Join(dir, "r.json")
	code, _, errOut := run(t, nil, "audit", path, "--timeout", "8s", "--level", "minimal", "--fail-on", "none", "--format", "json="+jsonPath)
	// The open 7.x clusters fail the minimal level: findings (1).
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstderr: %s", code, errOut)
	}
	var r finding.Report
	readJSONFile(t, jsonPath, &r)
	if len(r.Deployments) != 20 {
		t.Errorf("%d deployments reported, want 20", len(r.Deployments))
	}
	for _, d := range r.Deployments {
		up := strings.HasPrefix(d.Name, "up")
		switch {
		case up && d.NotAudited != "":
			t.Errorf("%s: not audited (%s), want audited", d.Name, d.NotAudited)
		case !up && (d.NotAudited == "" || d.Levels[finding.LevelMinimal] != finding.VerdictUnknown):
			t.Errorf("%s: not_audited %q, levels %v; want not audited and unknown", d.Name, d.NotAudited, d.Levels)
		case !up && !strings.Contains(d.NotAudited, endpoint[d.Name]):
			t.Errorf("%s: the reason does not name the endpoint %s: %s", d.Name, endpoint[d.Name], d.NotAudited)
		}
	}
	if n := silent.count(); n != 1 {
		t.Errorf("the silent endpoint got %d connections, want 1: each further one waits a timeout of its own", n)
	}
	select {
	case <-gaveUp:
	default:
		t.Fatal("essec finished without giving up on the silent endpoint")
	}
	if final := requests(); fmt.Sprint(final) != fmt.Sprint(atGiveUp) {
		t.Errorf("requests per answering cluster when essec gave up on the silent one %v, at the end %v: "+
			"some deployments waited for its timeout", atGiveUp, final)
	}
	for i, n := range atGiveUp {
		if n == 0 {
			t.Errorf("cluster up%02d got no request before the silent endpoint's timeout", i)
		}
	}
}
