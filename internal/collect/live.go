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
// publish or bound address is that host. Each running node pairs once,
// the first in the order of GET /_nodes that is still free. Both pairings
// look the running nodes up by name and by address, built once: scanning
// them for every file node would grow with the square of the fleet.
func matchLiveNodes(nodes []inventory.Node, live []inventory.LiveNode) {
	used := make([]bool, len(live))
	byName, byHost := map[string][]int{}, map[string][]int{}
	for j := range live {
		byName[live[j].Name] = append(byName[live[j].Name], j)
		for _, h := range liveHosts(live[j]) {
			if l := byHost[h]; len(l) == 0 || l[len(l)-1] != j {
				byHost[h] = append(l, j)
			}
		}
	}
	// firstFree is the first running node of list not yet paired.
	firstFree := func(list []int) int {
		for _, j := range list {
			if !used[j] {
				return j
			}
		}
		return -1
	}
	pair := func(n *inventory.Node, j int) {
		ln := live[j]
		n.Live, used[j] = &ln, true
	}
	for i := range nodes {
		if j := firstFree(byName[nodes[i].Name]); j >= 0 {
			pair(&nodes[i], j)
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
		best := -1
		for h := range configuredHosts(n) {
			if j := firstFree(byHost[h]); j >= 0 && (best < 0 || j < best) {
				best = j
			}
		}
		if best >= 0 {
			pair(n, best)
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

// liveHosts are the hosts a running node publishes or binds: the host of
// each address, and for a publish address written "name/1.2.3.4:9300"
// (GET /_nodes) both the name and the address.
func liveHosts(ln inventory.LiveNode) []string {
	var out []string
	addrs := append(append([]string{ln.HTTPPublish, ln.TransportPublish}, ln.HTTPBound...), ln.TransportBound...)
	for _, a := range addrs {
		host := a
		if h, _, err := net.SplitHostPort(a); err == nil {
			host = h
		}
		if i := strings.LastIndex(host, "/"); i >= 0 {
			out = append(out, host[:i], host[i+1:])
		}
		out = append(out, strings.Trim(host, "[]"))
	}
	return out
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
