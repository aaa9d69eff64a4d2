package ecs

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/report/reporttest"
)

// fieldTable reads testdata/report/ecs-fields.tsv: the project's ECS field
// type check, kept apart from the code so a change to either shows.
func fieldTable(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(reporttest.Dir(t), "ecs-fields.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	table := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("ecs-fields.tsv:%d: want field, type, origin", n)
		}
		table[cols[0]] = cols[1]
	}
	return table
}

// fits reports whether a decoded JSON value can be indexed as typ.
func fits(typ string, v any) bool {
	if arr, ok := v.([]any); ok && typ != "flattened" {
		for _, x := range arr {
			if !fits(typ, x) {
				return false
			}
		}
		return len(arr) > 0
	}
	switch typ {
	case "keyword", "text", "match_only_text":
		_, ok := v.(string)
		return ok
	case "date":
		s, ok := v.(string)
		if !ok {
			return false
		}
		if _, err := time.Parse(time.RFC3339, s); err == nil {
			return true
		}
		_, err := time.Parse("2006-01-02", s)
		return err == nil
	case "long":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		_, err := n.Int64()
		return err == nil
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "flattened":
		_, ok := v.(map[string]any)
		return ok
	}
	return false
}

// leaves walks a document down to mapped leaves; a flattened field is a
// leaf however deep its value goes.
func leaves(table map[string]string, prefix string, obj map[string]any, visit func(path string, v any)) {
	for k, v := range obj {
		path := k
		if prefix != "" {
			path = prefix + "." + k
		}
		if sub, ok := v.(map[string]any); ok && table[path] != "flattened" {
			leaves(table, path, sub, visit)
			continue
		}
		visit(path, v)
	}
}

func TestFieldTypes(t *testing.T) {
	table := fieldTable(t)
	seen := map[string]bool{}
	var docs []map[string]any
	docs = append(docs, lines(t, write(t, reporttest.Fixture(t), Options{}))...)
	docs = append(docs, lines(t, write(t, reporttest.Demo(t), Options{}))...)
	for i, doc := range docs {
		leaves(table, "", doc, func(path string, v any) {
			seen[path] = true
			typ, ok := table[path]
			switch {
			case !ok:
				t.Errorf("doc %d: field %s is not in ecs-fields.tsv", i, path)
			case !fits(typ, v):
				t.Errorf("doc %d: field %s = %#v does not fit type %s", i, path, v, typ)
			}
		})
	}
	var unused []string
	for f := range table {
		if !seen[f] {
			unused = append(unused, f)
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Errorf("the fixture never exercises %v; extend it", unused)
	}
}

func TestTemplateMatchesFieldTable(t *testing.T) {
	table := fieldTable(t)
	mapped := map[string]string{}
	var walk func(prefix string, props map[string]any)
	walk = func(prefix string, props map[string]any) {
		for k, v := range props {
			m := v.(map[string]any)
			if sub, ok := m["properties"].(map[string]any); ok {
				walk(prefix+k+".", sub)
				continue
			}
			mapped[prefix+k] = m["type"].(string)
		}
	}
	tmpl := Template()
	walk("", tmpl["template"].(map[string]any)["mappings"].(map[string]any)["properties"].(map[string]any))
	for f, typ := range table {
		if mapped[f] != typ {
			t.Errorf("template maps %s as %q, the table says %q", f, mapped[f], typ)
		}
	}
	for f := range mapped {
		if _, ok := table[f]; !ok {
			t.Errorf("template maps %s, which is not in the table", f)
		}
	}
	if got := tmpl["index_patterns"].([]string); len(got) != 1 || got[0] != "essec-findings*" {
		t.Errorf("index_patterns %v", got)
	}
	if got := TemplateFor("fleet-posture")["index_patterns"].([]string); got[0] != "fleet-posture*" {
		t.Errorf("TemplateFor index_patterns %v", got)
	}
}

func TestFitsRejectsWrongTypes(t *testing.T) {
	bad := map[string]any{"keyword": json.Number("1"), "date": "yesterday", "long": "12", "boolean": "true", "flattened": "x"}
	for typ, v := range bad {
		if fits(typ, v) {
			t.Errorf("fits(%s, %#v) = true", typ, v)
		}
	}
}
