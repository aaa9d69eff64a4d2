package probe

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/essec-dev/essec/internal/collect/certs"
	"github.com/essec-dev/essec/internal/inventory"
)

// defaultProbeTimeout bounds a probe whose context has no deadline.
const defaultProbeTimeout = 10 * time.Second

// TLS does a handshake with endpoint (a URL or host:port) and reports the
// chain, the negotiated version, whether the chain verifies with opts, whether
// TLS 1.0 and 1.1 are accepted (separate handshakes capped at those
// versions) and whether plain HTTP is answered on the same port. For an
// endpoint that does not speak TLS, SpeaksTLS is false after a handshake was
// tried.
func TLS(ctx context.Context, endpoint string, opts TLSOptions) inventory.TLSProbe {
	out := inventory.TLSProbe{Endpoint: endpoint, Certificates: []inventory.Certificate{}}
	t, err := parseEndpoint(endpoint)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultProbeTimeout)
		defer cancel()
	}
	cs, err := handshake(ctx, t, 0)
	var dialErr *dialError
	switch {
	case errors.As(err, &dialErr):
		out.Error = err.Error()
		return out
	case err != nil:
		// Only an https URL promised TLS; for http URLs and bare
		// host:port the failed handshake is the finding itself.
		if t.scheme == "https" {
			out.Error = withHint(fmt.Errorf("tls handshake with %s: %w", t.addr, err))
		}
	default:
		out.SpeaksTLS = true
		out.Version = tls.VersionName(cs.Version)
		for _, c := range cs.PeerCertificates {
			out.Certificates = append(out.Certificates, certs.Describe(c))
		}
		if verr := opts.verifyChain(cs.PeerCertificates, t.host); verr != nil {
			out.VerifyError = verr.Error()
		}
		out.AcceptsTLS10 = acceptsVersion(ctx, t, tls.VersionTLS10)
		out.AcceptsTLS11 = acceptsVersion(ctx, t, tls.VersionTLS11)
	}
	out.PlainHTTPAnswered = plainHTTPAnswered(ctx, t, out.SpeaksTLS)
	return out
}

// dialError marks a failure to open the TCP connection, as opposed to a
// failed handshake on an open one.
type dialError struct{ err error }

func (e *dialError) Error() string { return e.err.Error() }
func (e *dialError) Unwrap() error { return e.err }

// allCipherSuites offers every suite Go knows, legacy ones included, so that
// a server that only accepts old suites is still seen to speak TLS.
func allCipherSuites() []uint16 {
	var ids []uint16
	for _, s := range tls.CipherSuites() {
		ids = append(ids, s.ID)
	}
	for _, s := range tls.InsecureCipherSuites() {
		ids = append(ids, s.ID)
	}
	return ids
}

// handshake opens a connection and completes a TLS handshake without
// verifying the chain (verification is judged separately). maxVersion 0 means
// the highest version Go supports; otherwise both ends of the range are
// pinned to it.
func handshake(ctx context.Context, t target, maxVersion uint16) (tls.ConnectionState, error) {
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", t.addr)
	if err != nil {
		return tls.ConnectionState{}, &dialError{fmt.Errorf("connect to %s: %w", t.addr, err)}
	}
	defer raw.Close()
	cfg := &tls.Config{
		ServerName:         t.serverName(),
		InsecureSkipVerify: true, // the chain is verified afterwards, so that it is reported either way
		MinVersion:         tls.VersionTLS10,
		MaxVersion:         maxVersion,
		CipherSuites:       allCipherSuites(),
	}
	if maxVersion != 0 {
		cfg.MinVersion = maxVersion
	}
	conn := tls.Client(raw, cfg)
	if err := conn.HandshakeContext(ctx); err != nil {
		return tls.ConnectionState{}, err
	}
	return conn.ConnectionState(), nil
}

// acceptsVersion is nil when the port could not be reached, else whether a
// handshake capped at version succeeded.
func acceptsVersion(ctx context.Context, t target, version uint16) *bool {
	_, err := handshake(ctx, t, version)
	var dialErr *dialError
	if errors.As(err, &dialErr) {
		return nil
	}
	ok := err == nil
	return &ok
}
