package cluster

import (
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestSilentEndpointGetsOneRequest: an endpoint that accepts connections
// and never answers gets GET / and nothing else; every other call and probe
// is recorded as not sent, with the timeout class and the endpoint named,
// and the cluster is not reachable. A count of connections, not a clock.
func TestSilentEndpointGetsOneRequest(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var accepted atomic.Int32
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			go func() { _, _ = io.Copy(io.Discard, c); c.Close() }()
		}
	}()
	url := "http://" + l.Addr().String()
	c := collect(t, withBasic(Options{URLs: []string{url}, Timeout: 300 * time.Millisecond}))
	if n := accepted.Load(); n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
	wantClass(t, c, ClassTimeout, allCalls()...)
	for name, call := range c.Calls {
		if name != "root" && !strings.Contains(call.Error, "not sent: "+url+" did not answer GET /") {
			t.Errorf("%s: %q", name, call.Error)
		}
	}
	if c.Reachable || len(c.Anonymous) != 2 || len(c.TLS) != 1 || !strings.HasPrefix(c.TLS[0].Error, "not probed") {
		t.Errorf("reachable %v, anonymous %+v, tls %+v", c.Reachable, c.Anonymous, c.TLS)
	}
}
