package cluster

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/fakees"
	"github.com/essec-dev/essec/internal/inventory"
)

// TestOnlyReadRequests runs a full collection, anonymous probes included,
// and checks that the cluster saw only GET and HEAD, on exactly the
// documented requests.
func TestOnlyReadRequests(t *testing.T) {
	s, opts, _ := tlsFake(t, fakees.WithAnonymousRole(t, fakees.Secured8x(t, fakees.BasicAuth(testUser, testPassword))))
	c := collect(t, withBasic(opts))
	wantClass(t, c, "", allCalls()...)
	var seen []string
	for _, r := range s.Requests() {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			t.Errorf("%s %s sent: only GET and HEAD are allowed", r.Method, r.Path)
		}
		target := r.Path
		if r.RawQuery != "" {
			target += "?" + r.RawQuery
		}
		seen = append(seen, target)
	}
	var want []string
	for _, c := range calls() {
		want = append(want, c.path)
	}
	want = append(want, "/", "/_security/_authenticate")
	sort.Strings(seen)
	sort.Strings(want)
	if strings.Join(seen, " ") != strings.Join(want, " ") {
		t.Errorf("requests\n got %v\nwant %v", seen, want)
	}
}

// TestCallsRunConcurrently checks that the calls against a slow cluster
// overlap (the fake counts requests in flight), and that with one slot they
// do not: a count, not a timing, so a loaded machine cannot flake it.
func TestCallsRunConcurrently(t *testing.T) {
	const latency = 200 * time.Millisecond
	for _, tc := range []struct {
		slots   int
		atLeast int
		atMost  int
	}{{16, 4, 16}, {1, 1, 1}} {
		s, opts, _ := plainFake(t, fakees.Open7x(t), fakees.WithLatency(latency))
		opts.Concurrency = tc.slots
		collect(t, opts)
		if n := s.MaxInFlight(); n < tc.atLeast || n > tc.atMost {
			t.Errorf("%d slot(s): %d request(s) in flight at once, want %d to %d", tc.slots, n, tc.atLeast, tc.atMost)
		}
	}
}

func sumDurations(c *inventory.Cluster) time.Duration {
	var ms int64
	for _, call := range c.Calls {
		ms += call.DurationMS
	}
	return time.Duration(ms) * time.Millisecond
}

// BenchmarkCollectLatency collects from a fake that answers every request
// after 300 ms and reports elapsed / (sum of call durations): about 1/13
// when every call runs at once, 1 if they ran one after the other.
func BenchmarkCollectLatency(b *testing.B) {
	for _, conc := range []int{DefaultConcurrency, 16} {
		b.Run("concurrency="+strconv.Itoa(conc), func(b *testing.B) {
			s := fakees.New(b, fakees.Secured8x(b, fakees.BasicAuth(testUser, testPassword)), fakees.WithLatency(300*time.Millisecond))
			opts := Options{URLs: []string{s.URL}, Username: testUser, Password: []byte(testPassword), Concurrency: conc}
			var ratio, elapsedSum float64
			for b.Loop() {
				start := time.Now()
				c := Collect(b.Context(), opts)
				elapsed := time.Since(start)
				ratio += elapsed.Seconds() / sumDurations(c).Seconds()
				elapsedSum += elapsed.Seconds()
			}
			b.ReportMetric(ratio/float64(b.N), "elapsed/sum")
			b.ReportMetric(elapsedSum/float64(b.N)/0.3, "round-trips")
		})
	}
}
