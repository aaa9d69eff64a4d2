package cluster

import "github.com/elastic/go-elasticsearch/v8"

// NewClient returns an authenticated client with the same TLS trust and
// credentials as the audit, for commands that write to a cluster (the
// findings export). The audit itself never writes.
func NewClient(o Options) (*elasticsearch.Client, error) {
	o = o.withDefaults()
	rt, err := newTransport(o)
	if err != nil {
		return nil, err
	}
	return newClient(o, rt)
}
