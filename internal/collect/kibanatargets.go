package collect

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/essec-dev/essec/internal/collect/certs"
	"github.com/essec-dev/essec/internal/inventory"
)

// nodeHostSettings are the settings whose values name a node for its HTTP
// clients (as HTTPS-03 reads them).
var nodeHostSettings = []string{"network.host", "network.publish_host", "http.host", "http.publish_host"}

// sniffSettings make Kibana's client discover the cluster's nodes and
// connect to each, whatever elasticsearch.hosts names.
var sniffSettings = []string{"elasticsearch.sniffOnStart", "elasticsearch.sniffInterval", "elasticsearch.sniffOnConnectionFault"}

// nodeAddresses finds the nodes of a deployment by a host name or address:
// first by what their configuration says (node name, host settings,
// compose service name, hostname and container name), then by the exact
// DNS and IP names of their HTTP certificates (a certificate issued for a
// name is strong evidence the node answers on it; a wildcard is not).
type nodeAddresses struct {
	nodes   []inventory.Node
	byName  map[string][]int
	bySAN   map[string][]int
	anyNode bool
}

// newNodeAddresses indexes nodes; chains[i] is node i's HTTP chain (nil
// when none was read).
func newNodeAddresses(nodes []inventory.Node, chains []*certs.LeafChain) *nodeAddresses {
	a := &nodeAddresses{nodes: nodes, byName: map[string][]int{}, bySAN: map[string][]int{}, anyNode: len(nodes) > 0}
	for i := range nodes {
		for _, h := range nodeNames(&nodes[i]) {
			a.byName[h] = appendOnce(a.byName[h], i)
		}
		if i < len(chains) && chains[i] != nil && len(chains[i].Certificates) > 0 {
			leaf := chains[i].Certificates[0]
			for _, d := range leaf.DNSNames {
				if !strings.Contains(d, "*") {
					a.bySAN[normalizeHost(d)] = appendOnce(a.bySAN[normalizeHost(d)], i)
				}
			}
			for _, ip := range leaf.IPAddresses {
				a.bySAN[ip.String()] = appendOnce(a.bySAN[ip.String()], i)
			}
		}
	}
	return a
}

// nodeNames are the concrete names and addresses a node's configuration
// gives it, normalized.
func nodeNames(n *inventory.Node) []string {
	names := []string{n.Name, n.Settings["node.name"].Value}
	for _, s := range nodeHostSettings {
		names = append(names, n.Settings[s].List...)
	}
	if c := n.Compose; c != nil {
		names = append(names, c.Service, c.Hostname, c.ContainerName)
	}
	var out []string
	for _, h := range names {
		if h = normalizeHost(h); concreteHost(h) {
			out = append(out, h)
		}
	}
	return out
}

// lookup returns the nodes host names and how it was matched.
func (a *nodeAddresses) lookup(host string, port int) ([]int, string) {
	if ns := a.byName[host]; len(ns) > 0 {
		return a.byPort(ns, port), "configuration"
	}
	if ns := a.bySAN[host]; len(ns) > 0 {
		return a.byPort(ns, port), "certificate"
	}
	return nil, ""
}

// byPort keeps, of several nodes sharing a host, those whose http.port
// serves port (two nodes on one machine); when none does, all of them.
func (a *nodeAddresses) byPort(ns []int, port int) []int {
	if len(ns) < 2 || port == 0 {
		return ns
	}
	var kept []int
	for _, i := range ns {
		if httpPortServes(a.nodes[i].Settings["http.port"].Value, port) {
			kept = append(kept, i)
		}
	}
	if len(kept) == 0 {
		return ns
	}
	return kept
}

// httpPortServes says whether an http.port value ("9200", "9200-9300",
// "" for the default 9200-9300) can be port.
func httpPortServes(v string, port int) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		v = "9200-9300"
	}
	lo, hi, isRange := strings.Cut(v, "-")
	if !isRange {
		hi = lo
	}
	l, err1 := strconv.Atoi(strings.TrimSpace(lo))
	h, err2 := strconv.Atoi(strings.TrimSpace(hi))
	return err1 == nil && err2 == nil && port >= l && port <= h
}

// kibanaTargets matches the https hosts of a Kibana instance's
// elasticsearch.hosts to nodes. Kibana connects only to the hosts it is
// given unless it sniffs, so its trust is judged against those nodes; when
// a host names no known node (a load balancer, a name essec cannot
// resolve) or Kibana sniffs, it may reach any node and every node counts.
// nil when the instance names no https host. reached are the indices of
// the nodes of a "hosts" scope, in order (nil for every node).
func (a *nodeAddresses) kibanaTargets(kb *inventory.Kibana) (t *inventory.ElasticsearchTargets, reached []int) {
	t = &inventory.ElasticsearchTargets{Nodes: []string{}, Hosts: []inventory.TargetHost{}}
	named := map[int]bool{}
	var unmatched []string
	for _, raw := range kb.Settings["elasticsearch.hosts"].List {
		u := strings.Trim(strings.TrimSpace(raw), "[]\"' ")
		host, port, https := hostURL(u)
		if !https {
			continue
		}
		ns, by := a.lookup(host, port)
		th := inventory.TargetHost{URL: u, Host: host, Nodes: []string{}, MatchedBy: by}
		for _, i := range ns {
			th.Nodes = append(th.Nodes, a.nodes[i].Name)
			named[i] = true
		}
		if len(ns) == 0 {
			unmatched = append(unmatched, u)
		}
		t.Hosts = append(t.Hosts, th)
	}
	if len(t.Hosts) == 0 {
		return nil, nil
	}
	switch sniff := sniffing(kb); {
	case sniff != "":
		t.Scope, t.Reason = "all", sniff+": Kibana discovers the cluster's nodes and connects to each"
	case len(unmatched) > 0:
		t.Scope = "all"
		t.Reason = fmt.Sprintf("%s names no known node (a load balancer or a name essec cannot resolve): Kibana may reach any node", strings.Join(unmatched, ", "))
		if !a.anyNode {
			t.Reason = fmt.Sprintf("no node's configuration was read to match %s against", strings.Join(unmatched, ", "))
		}
	default:
		t.Scope = "hosts"
		for i := range named {
			reached = append(reached, i)
		}
		slices.Sort(reached)
		for _, i := range reached {
			t.Nodes = append(t.Nodes, a.nodes[i].Name)
		}
	}
	return t, reached
}

// sniffing names the setting that turns sniffing on, or "".
func sniffing(kb *inventory.Kibana) string {
	for _, s := range sniffSettings {
		v, ok := kb.Settings[s]
		if !ok {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(v.Value)) {
		case "", "false", "0":
		default:
			return fmt.Sprintf("%s is %q", s, v.Value)
		}
	}
	return ""
}

// hostURL returns the normalized host and port of an elasticsearch.hosts
// entry, and whether it is an https URL.
func hostURL(u string) (host string, port int, https bool) {
	scheme, _, ok := strings.Cut(u, "://")
	if !ok || !strings.EqualFold(scheme, "https") {
		return "", 0, false
	}
	p, err := url.Parse(u)
	if err != nil {
		return "", 0, true
	}
	port, _ = strconv.Atoi(p.Port())
	return normalizeHost(p.Hostname()), port, true
}

// normalizeHost lower-cases a host name, drops IPv6 brackets and a final
// dot, and writes IP addresses in their canonical form.
func normalizeHost(h string) string {
	h = strings.TrimSuffix(strings.Trim(strings.ToLower(strings.TrimSpace(h)), "[]"), ".")
	if ip := net.ParseIP(h); ip != nil {
		return ip.String()
	}
	return h
}

// concreteHost: a name or address a client can use, not a bind-all address
// or a special value such as _site_ or an unresolved ${VAR}.
func concreteHost(h string) bool {
	if h == "" || strings.HasPrefix(h, "_") || strings.Contains(h, "${") {
		return false
	}
	ip := net.ParseIP(h)
	return ip == nil || !ip.IsUnspecified()
}

// appendOnce appends i unless it is already last: nodes are indexed in
// order, so a node's repeated names add it once.
func appendOnce(list []int, i int) []int {
	if len(list) > 0 && list[len(list)-1] == i {
		return list
	}
	return append(list, i)
}
