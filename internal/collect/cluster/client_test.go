package cluster

import (
	"errors"
	"net/http"
	"syscall"
	"testing"

	"github.com/essec-dev/essec/internal/fakees"
)

func TestNewClient(t *testing.T) {
	_, opts, _ := tlsFake(t, fakees.Secured8x(t, fakees.BasicAuth(testUser, testPassword)))
	es, err := NewClient(withBasic(opts))
	if err != nil {
		t.Fatal(err)
	}
	res, err := es.Info()
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("info: %d", res.StatusCode)
	}
}

func TestRetryOnError(t *testing.T) {
	get, _ := http.NewRequest(http.MethodGet, "/", nil)
	post, _ := http.NewRequest(http.MethodPost, "/_bulk", nil)
	reset := syscall.ECONNRESET
	refused := syscall.ECONNREFUSED
	tests := []struct {
		name  string
		req   *http.Request
		err   error
		nodes int
		want  bool
	}{
		{"get reset", get, reset, 1, true},
		{"post reset", post, reset, 1, false},
		{"refused, one node", get, refused, 1, false},
		{"refused, two nodes", get, refused, 2, true},
		{"tls", get, errors.New("tls: handshake failure"), 2, false},
	}
	for _, tt := range tests {
		if got := retryOnError(tt.nodes)(tt.req, tt.err); got != tt.want {
			t.Errorf("%s: retry %v, want %v", tt.name, got, tt.want)
		}
	}
}
