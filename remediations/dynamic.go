package remediations

import (
	"encoding/json"
	"fmt"

	"github.com/essec-dev/essec/internal/finding"
)

// dynamicSettings are the settings some file modules write that
// Elasticsearch also accepts at runtime (dynamic): with a live cluster the
// same value is applied with PUT /_cluster/settings (persistent), so the
// fix takes effect without a restart and files and cluster do not drift.
var dynamicSettings = map[string]struct{ key, value string }{
	"destructive-requires-name": {"action.destructive_requires_name", "true"},
}

// withDynamicSettings adds the PUT to a module's drafts when the cluster
// is live and the credentials hold manage; a live cluster without files
// gets a step with the request only.
func withDynamicSettings(c *Context, module string, failing []finding.Finding, drafts []Draft) []Draft {
	ds, ok := dynamicSettings[module]
	if !ok || c.Cluster == nil {
		return drafts
	}
	if ok, _ := c.Cluster.has(PrivManage); !ok {
		return drafts
	}
	body, _ := json.Marshal(map[string]any{"persistent": map[string]any{ds.key: json.RawMessage(ds.value)}})
	undo, _ := json.Marshal(map[string]any{"persistent": map[string]any{ds.key: nil}})
	call := APIDraft{
		Call: APICall{Method: "PUT", Path: "/_cluster/settings", Body: string(body), Privileges: []string{PrivManage}, Reversible: true,
			Undo: "PUT /_cluster/settings " + string(undo) + " (back to the value in elasticsearch.yml or the default)"},
		Body: body, Undo: &UndoRequest{Method: "PUT", Path: "/_cluster/settings", Body: undo},
	}
	// One request for the cluster, on the first node's step; the files
	// keep the value for later restarts, which the change no longer needs.
	placed := false
	for i := range drafts {
		if drafts[i].Reason == "" && len(drafts[i].Settings) > 0 {
			if !placed {
				drafts[i].API = append(drafts[i].API, call)
				placed = true
			}
			drafts[i].Restart = RestartNone
		}
	}
	if len(drafts) == 0 {
		return []Draft{{Title: fmt.Sprintf("set %s: %s on the running cluster", ds.key, ds.value), Checks: checksOf(failing), API: []APIDraft{call}}}
	}
	return drafts
}
