package remediations

import (
	"fmt"

	"github.com/essec-dev/essec/internal/inventory"
)

// Restart is what a step needs before its change takes effect, from the
// least to the most disruptive.
type Restart string

// The restarts a step can need (Elastic's procedures; see README "Fix").
const (
	RestartNone        Restart = ""
	RestartKibana      Restart = "kibana"       // restart each Kibana instance
	RestartRolling     Restart = "rolling"      // rolling restart of the Elasticsearch nodes
	RestartCoordinated Restart = "coordinated"  // every node and every HTTP client together (HTTP TLS)
	RestartFull        Restart = "full-cluster" // stop every node, start them again (security, transport TLS)
)

var restartRank = map[Restart]int{RestartNone: 0, RestartKibana: 1, RestartRolling: 2, RestartCoordinated: 3, RestartFull: 4}

// rollingSteps is Elastic's rolling restart procedure.
var rollingSteps = []string{
	`PUT _cluster/settings {"persistent": {"cluster.routing.allocation.enable": "primaries"}}`,
	"POST _flush (optional)",
	"stop one node, start it again, wait until GET _cat/nodes lists it",
	`PUT _cluster/settings {"persistent": {"cluster.routing.allocation.enable": null}}`,
	"wait for GET _cluster/health to report green, then go on with the next node",
}

// restartSummary says, in order, what must be restarted and how.
func restartSummary(steps []*Step, doc *inventory.Document) []string {
	es, kibana := RestartNone, false
	for _, s := range steps {
		if !s.Automated() {
			continue
		}
		r := Restart(s.Restart)
		if r == RestartKibana {
			kibana = true
			continue
		}
		if restartRank[r] > restartRank[es] {
			es = r
		}
	}
	var out []string
	switch es {
	case RestartFull:
		out = append(out, "Elasticsearch: full cluster restart: stop every node, then start them all (security or transport TLS changed: nodes with and without it cannot talk to each other)")
	case RestartCoordinated:
		out = append(out, "Elasticsearch: coordinated restart with client cut-over: restart every node and switch every HTTP client (Kibana, Beats, load balancers) to https at the same time")
	case RestartRolling:
		out = append(out, "Elasticsearch: rolling restart, one node at a time:")
		for i, s := range rollingSteps {
			out = append(out, fmt.Sprintf("  %d. %s", i+1, s))
		}
	}
	if kibana || (es != RestartNone && len(doc.Kibana) > 0) {
		out = append(out, "Kibana: restart each instance after Elasticsearch is back")
	}
	if compose(doc) && len(out) > 0 {
		out = append(out, "Compose: recreate the containers (docker compose up -d --force-recreate): a single-file bind mount keeps showing the old file to a running container")
	}
	return out
}

func compose(doc *inventory.Document) bool {
	for _, n := range doc.Elasticsearch.Nodes {
		if n.Compose != nil {
			return true
		}
	}
	for _, k := range doc.Kibana {
		if k.Compose != nil {
			return true
		}
	}
	return false
}
