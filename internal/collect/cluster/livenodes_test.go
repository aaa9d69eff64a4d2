package cluster

import (
	"reflect"
	"testing"

	"github.com/essec-dev/essec/internal/fakees"
	"github.com/essec-dev/essec/internal/inventory"
)

func TestLiveNodes(t *testing.T) {
	body, err := decodeJSON(fakees.Fixture(t, "nodes-info.json"))
	if err != nil {
		t.Fatal(err)
	}
	nodes := LiveNodes(&inventory.Cluster{Bodies: map[string]any{"nodes": body}})
	if len(nodes) != 2 || nodes[0].Name != "es01" || nodes[1].Name != "es02" {
		t.Fatalf("nodes %+v", nodes)
	}
	es01 := nodes[0]
	if es01.ID != "qK3kuQ0eS9mFhSyQqPZ2hw" || es01.Version != "8.19.6" {
		t.Errorf("es01 id %q version %q", es01.ID, es01.Version)
	}
	wantSettings := map[string]string{
		"xpack.security.http.ssl.enabled":                "true",
		"xpack.security.transport.ssl.verification_mode": "certificate",
		"discovery.seed_hosts":                           "es01,es02,es03",
		"cluster.initial_master_nodes":                   "es01",
		"http.type.default":                              "netty4",
		"node.name":                                      "es01",
	}
	for k, v := range wantSettings {
		if got, ok := es01.Settings[k]; !ok || got != v {
			t.Errorf("setting %s = %q (present %v), want %q", k, got, ok, v)
		}
	}
	if !reflect.DeepEqual(es01.TransportBound, []string{"10.0.0.11:9300"}) || es01.TransportPublish != "10.0.0.11:9300" {
		t.Errorf("transport %v %q", es01.TransportBound, es01.TransportPublish)
	}
	if !reflect.DeepEqual(es01.HTTPBound, []string{"0.0.0.0:9200"}) || es01.HTTPPublish != "10.0.0.11:9200" {
		t.Errorf("http %v %q", es01.HTTPBound, es01.HTTPPublish)
	}
	if got := nodes[1].Settings["xpack.security.http.ssl.enabled"]; got == "true" {
		t.Errorf("es02 should not have HTTP TLS on, got %q", got)
	}
}

func TestLiveNodesWithoutBody(t *testing.T) {
	if got := LiveNodes(&inventory.Cluster{Bodies: map[string]any{}}); got != nil {
		t.Errorf("got %v, want nil", got)
	}
	if got := LiveNodes(nil); got != nil {
		t.Errorf("nil cluster: got %v", got)
	}
}
