package audit

import (
	"slices"
	"sort"
	"strings"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/inventory"
)

// tlsNotes are, per resource ("kind\x00name"), the notes of the TLS files
// essec did not read at the path their setting names (the audited copy of
// a host's config directory, a --root copy, a container's bind mount,
// Kibana's home).
func tlsNotes(doc *inventory.Document) map[string][]string {
	notes := map[string][]string{}
	add := func(kind, name string, ms []inventory.TLSMaterial) {
		var ns []string
		for _, m := range ms {
			if m.Note != "" && !slices.Contains(ns, m.Note) {
				ns = append(ns, m.Note)
			}
		}
		if len(ns) > 0 {
			sort.Strings(ns)
			notes[kind+"\x00"+name] = ns
		}
	}
	for _, n := range doc.Elasticsearch.Nodes {
		add("node", n.Name, n.TLSMaterial)
	}
	for _, k := range doc.Kibana {
		add("kibana", k.Name, k.TLSMaterial)
	}
	return notes
}

// noteResolvedPaths says, in the findings of the checks that judge
// certificate evidence, where essec read a TLS file that it did not read at
// the path the setting names (notes from tlsNotes): a reader of the report
// must know which file the verdict rests on.
func noteResolvedPaths(fs []finding.Finding, notes map[string][]string, usesCertificates func(checkID string) bool) {
	if len(notes) == 0 {
		return
	}
	for i := range fs {
		ns, ok := notes[fs[i].Resource.Kind+"\x00"+fs[i].Resource.Name]
		if !ok || fs[i].Status == finding.StatusNotApplicable || !usesCertificates(fs[i].CheckID) {
			continue
		}
		fs[i].Message += " [" + strings.Join(ns, "; ") + "]"
	}
}
