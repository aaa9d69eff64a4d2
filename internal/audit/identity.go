package audit

import (
	"path/filepath"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/inventory"
)

// identify gives one check's findings of a deployment fingerprints that do
// not depend on where the auditing machine keeps the files (paths relative
// to root, the deployment's root: see deploymentRoot), and orders them by
// those so that the report reads the same on every machine.
func identify(fs []finding.Finding, root string) {
	finding.Refingerprint(fs, root)
	finding.SortByFingerprint(fs)
}

// deploymentRoot is the directory that holds the deployment's own
// configuration: every node's and Kibana's config directory and compose
// file.
func deploymentRoot(doc *inventory.Document) string {
	var dirs []string
	add := func(dir, file string, c *inventory.ComposeService) {
		switch {
		case dir != "":
			dirs = append(dirs, dir)
		case file != "":
			dirs = append(dirs, filepath.Dir(file))
		}
		if c != nil && c.File != "" {
			dirs = append(dirs, filepath.Dir(c.File))
		}
	}
	for _, n := range doc.Elasticsearch.Nodes {
		add(n.ConfigDir, n.ConfigFile, n.Compose)
	}
	for _, k := range doc.Kibana {
		add(k.ConfigDir, k.ConfigFile, k.Compose)
	}
	return finding.CommonDir(dirs)
}
