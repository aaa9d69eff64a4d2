package probe

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
)

// plainHTTPAnswered sends a plain-text HTTP request to the port. For a port
// that speaks TLS, a 400 is how TLS servers (Go, nginx) refuse plain HTTP
// and does not count as an answer; Elasticsearch and Kibana close the
// connection instead. nil means the port could not be reached.
func plainHTTPAnswered(ctx context.Context, t target, speaksTLS bool) *bool {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", t.addr)
	if err != nil {
		return nil
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	answered := false
	if _, err := fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: %s\r\nUser-Agent: essec\r\nConnection: close\r\n\r\n", t.addr); err != nil {
		return &answered
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return &answered
	}
	_ = res.Body.Close()
	answered = !(speaksTLS && res.StatusCode == http.StatusBadRequest)
	return &answered
}
