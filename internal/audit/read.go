package audit

import (
	"sort"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/inventory"
)

// readFrom lists what the collectors examined for one deployment: every file
// that exists and was looked at (configuration, keystores, TLS material,
// compose files) and every endpoint asked. A file or node that does not show
// here was not read.
func readFrom(doc *inventory.Document) *finding.Read {
	files := map[string]bool{}
	addFiles := func(fs []inventory.FileInfo) {
		for _, f := range fs {
			if f.Exists && f.Error == "" && f.Path != "" {
				files[f.Path] = true
			}
		}
	}
	addTLS := func(ms []inventory.TLSMaterial) {
		for _, m := range ms {
			if m.Readable && m.Path != "" {
				files[m.Path] = true
			}
		}
	}
	addCompose := func(c *inventory.ComposeService) {
		if c != nil && c.File != "" {
			files[c.File] = true
		}
	}
	var endpoints []string
	for _, n := range doc.Elasticsearch.Nodes {
		addFiles(n.Files)
		addTLS(n.TLSMaterial)
		addCompose(n.Compose)
	}
	for _, k := range doc.Kibana {
		addFiles(k.Files)
		addTLS(k.TLSMaterial)
		addCompose(k.Compose)
		if k.HTTP != nil && k.HTTP.URL != "" {
			endpoints = append(endpoints, k.HTTP.URL)
		}
	}
	if c := doc.Elasticsearch.Cluster; c != nil && c.Endpoint != "" {
		endpoints = append([]string{c.Endpoint}, endpoints...)
	}
	if len(files) == 0 && len(endpoints) == 0 {
		return nil
	}
	r := &finding.Read{Endpoints: endpoints}
	for f := range files {
		r.Files = append(r.Files, f)
	}
	sort.Strings(r.Files)
	return r
}
