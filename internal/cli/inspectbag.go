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
	sort.Strings(ks)
	return ks
}
