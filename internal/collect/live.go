package collect

import (
	"context"
	"net"
	"net/url"
	"strings"
	"sync"

	"github.com/essec-dev/essec/internal/collect/cluster"
	"github.com/essec-dev/essec/internal/collect/probe"
	"github.com/essec-dev/essec/internal/inventory"
)

// collectLive asks the cluster's API and probes its endpoints, then matches
// the nodes it reports to the nodes read from files, by node name.
func (b *builder) collectLive(ctx context.Context) {
	opts := *b.req.Cluster
	opts.Logger = b.req.Log
	opts.Slots = b.req.Workers.Conns()
	c := cluster.Collect(ctx, opts)
	b.doc.Elasticsearch.Cluster = c
	if c.Error != "" {
		b.doc.CollectionErrors = append(b.doc.CollectionErrors, inventory.CollectionError{Source: "cluster", Endpoint: c.Endpoint, Message: b.req.Seen.Scrub(c.Error)})
	}
	for name, call := range c.Calls {
		if call.ErrorClass != "" {
			b.doc.CollectionErrors = append(b.doc.CollectionErrors, inventory.CollectionError{
				Source: "cluster", Endpoint: call.Path, Message: b.req.Seen.Scrub(name + ": " + call.Error),
			})
		}
	}
	for _, a := range c.Anonymous {
		if a.Error != "" {
			b.doc.CollectionErrors = append(b.doc.CollectionErrors, inventory.CollectionError{Source: "anonymous-probe", Endpoint: a.URL, Message: b.req.Seen.Scrub(a.Error)})
		}
	}
	for _, p := range c.TLS {
		if p.Error != "" {
			b.doc.CollectionErrors = append(b.doc.CollectionErrors, inventory.CollectionError{Source: "tls-probe", Endpoint: p.Endpoint, Message: b.req.Seen.Scrub(p.Error)})
		}
	}
	if root, ok := c.Bodies["root"].(map[string]any); ok {
		if v, ok := root["version"].(map[string]any); ok {
			if num, ok := v["number"].(string); ok {
				b.setVersion(num, "api")
			}
		}
	}
	matchLiveNodes(b.doc.Elasticsearch.Nodes, cluster.LiveNodes(c))
}

// matchLiveNodes pairs each file node with the running node of the same
// name; a file node without node.name (Elasticsearch then uses the host
// name) is paired by its configured host instead: the running node whose
// publish or bound address is that host. Each running node pairs once.
func matchLiveNodes(nodes []inventory.Node, live []inventory.LiveNode) {
	used := map[int]bool{}
	for i := range nodes {
		for j := range live {
			if !used[j] && live[j].Name == nodes[i].Name {
				ln := live[j]
				nodes[i].Live, used[j] = &ln, true
				break
			}
		}
	}
	for i := range nodes {
		n := &nodes[i]
		if n.Live != nil {
			continue
		}
		if _, named := n.Settings["node.name"]; named {
			continue
		}
		hosts := configuredHosts(n)
		for j := range live {
			if !used[j] && servesOn(live[j], hosts) {
				ln := live[j]
				n.Live, used[j] = &ln, true
				break
			}
		}
	}
}

func configuredHosts(n *inventory.Node) map[string]bool {
	hosts := map[string]bool{}
	for _, k := range []string{"network.publish_host", "network.host", "http.publish_host", "http.host", "transport.publish_host", "transport.host"} {
		for _, h := range n.Settings[k].List {
			if h != "" && !strings.HasPrefix(h, "_") && h != "0.0.0.0" && h != "::" {
				hosts[h] = true
			}
		}
	}
	return hosts
}

// servesOn reports whether a running node publishes or binds one of hosts.
func servesOn(ln inventory.LiveNode, hosts map[string]bool) bool {
	addrs := append(append([]string{ln.HTTPPublish, ln.TransportPublish}, ln.HTTPBound...), ln.TransportBound...)
	for _, a := range addrs {
		host := a
		if h, _, err := net.SplitHostPort(a); err == nil {
			host = h
		}
		// _nodes reports "name/1.2.3.4:9300" for publish addresses.
		if i := strings.LastIndex(host, "/"); i >= 0 {
			if hosts[host[:i]] || hosts[host[i+1:]] {
				return true
			}
		}
		if hosts[strings.Trim(host, "[]")] {
			return true
		}
	}
	return false
}

// collectKibanaHTTP probes each --kibana-url and attaches the answer to the
// Kibana instance it belongs to: the only instance, or the one whose
// server.publicBaseUrl or server.host names the same host. An endpoint that
// matches no configured instance becomes an instance of its own with origin
// "live" (it has no settings evidence).
func (b *builder) collectKibanaHTTP(ctx context.Context) {
	// Probed concurrently (each in a connection slot), so that Kibanas that
	// never answer cost one timeout together; attached in the given order.
	urls := b.req.Deployment.KibanaURLs
	answers := make([]*inventory.KibanaHTTP, len(urls))
	var wg sync.WaitGroup
	conns := b.req.Workers.Conns()
	for i, u := range urls {
		wg.Go(func() {
			if conns.Acquire(ctx) == nil {
				defer conns.Release()
			}
			answers[i] = probe.Kibana(ctx, u, b.req.KibanaTLS, b.req.Timeout)
		})
	}
	wg.Wait()
	for i, u := range urls {
		h := answers[i]
		if h.Error != "" {
			h.Error = b.req.Seen.Scrub(h.Error)
			b.doc.CollectionErrors = append(b.doc.CollectionErrors, inventory.CollectionError{Source: "kibana-probe", Endpoint: u, Message: h.Error})
		}
		if kb := b.matchKibana(u); kb != nil {
			kb.HTTP = h
			continue
		}
		b.doc.Kibana = append(b.doc.Kibana, inventory.Kibana{
			// Readable: no configuration was given for it, none failed.
			Name: hostOf(u), Origin: "live", Readable: true, Settings: map[string]inventory.Setting{},
			Keystore: &inventory.Keystore{Entries: []string{}}, TLSMaterial: []inventory.TLSMaterial{},
			Trust: []inventory.TrustResult{}, Files: []inventory.FileInfo{}, HTTP: h, Errors: []inventory.CollectionError{},
		})
	}
}

func (b *builder) matchKibana(u string) *inventory.Kibana {
	var candidates []*inventory.Kibana
	for i := range b.doc.Kibana {
		if b.doc.Kibana[i].HTTP == nil && b.doc.Kibana[i].Origin != "live" {
			candidates = append(candidates, &b.doc.Kibana[i])
		}
	}
	host := hostOf(u)
	for _, kb := range candidates {
		for _, key := range []string{"server.publicBaseUrl", "server.host", "server.name"} {
			if v, ok := kb.Settings[key]; ok && (hostOf(v.Value) == host || v.Value == host) {
				return kb
			}
		}
		if kb.Name == host {
			return kb
		}
	}
	if len(candidates) == 1 && len(b.req.Deployment.KibanaURLs) == 1 {
		return candidates[0]
	}
	return nil
}

func hostOf(raw string) string {
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Hostname()
}
