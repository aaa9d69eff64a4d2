package yamledit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/sharedtest"
)

// TestCorpus sets a new setting, changes an existing one and removes it in
// every elasticsearch.yml and kibana.yml of the shared corpus, reads the
// result back, and checks that only that setting changed and that the
// other lines are byte for byte the same.
func TestCorpus(t *testing.T) {
	dir := filepath.Join(sharedtest.Dir(t, "corpus"), "files")
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(names) == 0 {
		t.Skipf("no corpus files in %s", dir)
	}
	var files, refusedParse, done, manual int
	for _, path := range names {
		base := filepath.Base(path)
		d, newKey := yamlconf.Elasticsearch, "xpack.security.http.ssl.enabled"
		switch {
		case strings.Contains(base, "-es."):
		case strings.Contains(base, "-kibana."):
			d, newKey = yamlconf.Kibana, "server.ssl.enabled"
		default:
			continue
		}
		files++
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		before, err := yamlconf.Parse(base, data, d, nil)
		if err != nil {
			refusedParse++
			continue
		}
		if _, ok := before.Get(newKey); ok {
			newKey = "essec.test.added"
		}
		ops := []struct {
			name string
			run  func() (string, error)
		}{
			{"set new", func() (string, error) { return checkSet(t, base, data, d, newKey, before) }},
			{"change", func() (string, error) {
				key := firstScalar(before)
				if key == "" {
					return "skip", nil
				}
				return checkSet(t, base, data, d, key, before)
			}},
			{"remove", func() (string, error) {
				key := firstScalar(before)
				if key == "" {
					return "skip", nil
				}
				return checkRemove(t, base, data, d, key, before)
			}},
		}
		for _, op := range ops {
			res, err := op.run()
			switch {
			case err != nil && IsUnsafe(err):
				manual++
				t.Logf("%s: %s: manual: %v", base, op.name, err)
			case err != nil:
				t.Errorf("%s: %s: %v", base, op.name, err)
			case res != "skip":
				done++
			}
		}
	}
	t.Logf("%d files, %d refused by the parser, %d edits proved, %d left manual", files, refusedParse, done, manual)
	if done < 3*(files-refusedParse)*9/10 {
		t.Errorf("only %d of %d edits could be made", done, 3*(files-refusedParse))
	}
}

// firstScalar is the first setting (sorted) written as a plain value
// without a reference.
func firstScalar(f *yamlconf.File) string {
	for _, k := range f.Keys() {
		e := f.Entries[k]
		if !e.IsList && !e.Reference && e.Value != "" {
			return k
		}
	}
	return ""
}

func checkSet(t *testing.T, name string, data []byte, d yamlconf.Dialect, key string, before *yamlconf.File) (string, error) {
	t.Helper()
	out, err := Apply(name, data, d, []Change{Set(key, String("essec-value"))})
	if err != nil {
		return "", err
	}
	after, err := yamlconf.Parse(name, out, d, nil)
	if err != nil {
		t.Fatalf("%s: result does not parse: %v", name, err)
	}
	sameExcept(t, name, before, after, key)
	if e, _ := after.Get(key); e.Value != "essec-value" {
		t.Errorf("%s: %s reads back %q", name, key, e.Value)
	}
	// Every original line is still there, in order; the edit added or
	// replaced exactly one line.
	bl, al := lines(data), lines(out)
	extra := len(al) - len(bl)
	if extra < 0 || extra > 1 {
		t.Errorf("%s: set %s changed the line count by %d", name, key, extra)
	}
	if missing := unmatched(bl, al); missing > 1-extra {
		t.Errorf("%s: set %s changed %d original lines", name, key, missing)
	}
	return "", nil
}

func checkRemove(t *testing.T, name string, data []byte, d yamlconf.Dialect, key string, before *yamlconf.File) (string, error) {
	t.Helper()
	out, err := Apply(name, data, d, []Change{Remove(key)})
	if err != nil {
		return "", err
	}
	after, err := yamlconf.Parse(name, out, d, nil)
	if err != nil {
		t.Fatalf("%s: result does not parse: %v", name, err)
	}
	sameExcept(t, name, before, after, key)
	if _, ok := after.Get(key); ok {
		t.Errorf("%s: %s still present", name, key)
	}
	var kept []string
	for _, l := range lines(out) {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			kept = append(kept, l)
		}
	}
	var orig []string
	for _, l := range lines(data) {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			orig = append(orig, l)
		}
	}
	if missing := unmatched(kept, orig); missing != 0 {
		t.Errorf("%s: removing %s changed %d other lines", name, key, missing)
	}
	return "", nil
}

func sameExcept(t *testing.T, name string, a, b *yamlconf.File, key string) {
	t.Helper()
	for _, k := range union(a.Keys(), b.Keys()) {
		if k == key {
			continue
		}
		ea, okA := a.Entries[k]
		eb, okB := b.Entries[k]
		if okA != okB || ea.Value != eb.Value {
			t.Errorf("%s: editing %s also changed %s", name, key, k)
		}
	}
}

// lines splits at line ends; a missing final newline is not a difference.
func lines(b []byte) []string {
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// unmatched counts the lines of a that are not found, in order, in b.
func unmatched(a, b []string) int {
	j, miss := 0, 0
	for _, l := range a {
		k := j
		for k < len(b) && b[k] != l {
			k++
		}
		if k == len(b) {
			miss++
			continue
		}
		j = k + 1
	}
	return miss
}

// TestCorpusCompose adds, changes and removes a variable in the environment
// of every service of every compose file of the corpus that has one.
func TestCorpusCompose(t *testing.T) {
	dir := filepath.Join(sharedtest.Dir(t, "corpus"), "files")
	names, _ := filepath.Glob(filepath.Join(dir, "*-compose.yml"))
	if len(names) == 0 {
		t.Skip("no compose files")
	}
	done, manual := 0, 0
	for _, path := range names {
		data, _ := os.ReadFile(path)
		root, err := yamlconf.DecodeYAML(path, data)
		if err != nil || root == nil {
			continue
		}
		svcs := child(root, "services")
		if svcs == nil {
			continue
		}
		for i := 0; i+1 < len(svcs.Content); i += 2 {
			svc := svcs.Content[i].Value
			if child(svcs.Content[i+1], "environment") == nil {
				continue
			}
			out, err := ApplyEnv(path, data, svc, []EnvChange{{Name: "ESSEC_TEST", Value: "a b"}, {Name: "ESSEC_TEST", Value: "c"}})
			if err == nil {
				out, err = ApplyEnv(path, out, svc, []EnvChange{{Name: "ESSEC_TEST", Remove: true}})
			}
			switch {
			case IsUnsafe(err):
				manual++
				t.Logf("%s %s: manual: %v", filepath.Base(path), svc, err)
			case err != nil:
				t.Errorf("%s %s: %v", filepath.Base(path), svc, err)
			case strings.TrimSuffix(string(out), "\n") != strings.TrimSuffix(string(data), "\n"):
				t.Errorf("%s %s: add then remove did not give the file back", filepath.Base(path), svc)
			default:
				done++
			}
		}
	}
	t.Logf("%d services edited and restored, %d left manual", done, manual)
	if done == 0 {
		t.Error("no compose service could be edited")
	}
}
