package cli

import (
	"sort"

	"github.com/essec-dev/essec/internal/inventory"
)

func sortedSettingNames(m map[string]inventory.Setting) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	// File order reads best: by line, then by name.
	sort.Slice(ks, func(i, j int) bool {
		a, b := m[ks[i]], m[ks[j]]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return ks[i] < ks[j]
	})
	return ks
}
