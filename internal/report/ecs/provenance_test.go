package ecs

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/report/reporttest"
)

// strs collects every string in a decoded JSON value.
func strs(v any, into map[string]bool) {
	switch x := v.(type) {
	case string:
		into[x] = true
	case []any:
		for _, e := range x {
			strs(e, into)
		}
	case map[string]any:
		for _, e := range x {
			strs(e, into)
		}
	}
}

// TestValuesComeFromTheReport checks that every string an ECS document
// carries is one of the report's own values, a constant of the format, or
// built from report values (ids, joined references, endpoint host names):
// the writer adds nothing from anywhere else.
func TestValuesComeFromTheReport(t *testing.T) {
	r := reporttest.Fixture(t)
	known := map[string]bool{}
	for _, v := range []any{r, r.Rules} {
		data, _ := json.Marshal(v)
		var decoded any
		json.Unmarshal(data, &decoded)
		strs(decoded, known)
	}
	for _, c := range []string{"state", "configuration", "info", "success", "failure", "unknown", "essec.findings",
		"passed", "failed", "warning", "not_applicable", BenchmarkID, BenchmarkName, BenchmarkVersion, Version} {
		known[c] = true
	}
	derived := func(path, s string) bool {
		switch path {
		case "event.id":
			return known[strings.TrimPrefix(s, r.ScanID+"-")]
		case "resource.id":
			parts := strings.Split(s, "/")
			return len(parts) == 3 && known[parts[0]] && known[parts[1]] && known[parts[2]]
		case "resource.sub_type":
			parts := strings.Split(s, " ")
			return len(parts) == 2 && known[parts[0]] && known[parts[1]]
		case "rule.reference":
			for _, p := range strings.Split(s, "\n") {
				if !known[p] {
					return false
				}
			}
			return true
		case "host.name":
			for k := range known {
				if u, err := url.Parse(k); err == nil && u.Hostname() == s {
					return true
				}
			}
		}
		return false
	}
	table := fieldTable(t)
	for i, doc := range lines(t, write(t, r, Options{})) {
		leaves(table, "", doc, func(path string, v any) {
			found := map[string]bool{}
			strs(v, found)
			for s := range found {
				if !known[s] && !derived(path, s) {
					t.Errorf("doc %d: %s = %q comes from outside the report", i, path, s)
				}
			}
		})
	}
}
