package probe

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// target is where a probe connects.
type target struct {
	scheme string // "https", "http", or "" for a bare host:port
	host   string // without brackets
	addr   string // host:port for net.Dial
}

// parseEndpoint accepts a URL (https://host:9200/...) or a bare host:port.
func parseEndpoint(endpoint string) (target, error) {
	if strings.Contains(endpoint, "://") {
		u, err := url.Parse(endpoint)
		if err != nil {
			return target{}, fmt.Errorf("parse endpoint %q: %w", endpoint, err)
		}
		if u.Host == "" {
			return target{}, fmt.Errorf("endpoint %q has no host", u.Redacted())
		}
		port := u.Port()
		if port == "" {
			port = "443"
			if u.Scheme == "http" {
				port = "80"
			}
		}
		return target{scheme: u.Scheme, host: u.Hostname(), addr: net.JoinHostPort(u.Hostname(), port)}, nil
	}
	host, _, err := net.SplitHostPort(endpoint)
	if err != nil {
		return target{}, fmt.Errorf("endpoint %q is neither a URL nor host:port: %w", endpoint, err)
	}
	return target{host: host, addr: endpoint}, nil
}

// serverName is the SNI name for a host: empty for IP addresses.
func (t target) serverName() string {
	if net.ParseIP(t.host) != nil {
		return ""
	}
	return t.host
}
