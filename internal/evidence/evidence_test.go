package evidence

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/inventory"
)

func doc(name string) *inventory.Document {
	return &inventory.Document{SchemaVersion: inventory.SchemaVersion, Deployment: inventory.Deployment{Name: name, Version: "8.15.1"}}
}

// indented is a document as essec collect writes it.
func indented(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

func compact(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// names reads spec and returns the deployment names in order, or the error.
func names(spec, stdin string) ([]string, error) {
	var out []string
	for d, err := range Documents(spec, strings.NewReader(stdin)) {
		if err != nil {
			return out, err
		}
		out = append(out, d.Deployment.Name)
	}
	return out, nil
}

// TestDocumentsEveryShape: a file with one document, with an array, with
// NDJSON or indented documents one after another; a directory (only its
// *.json files, in name order); a glob; NDJSON on stdin.
func TestDocumentsEveryShape(t *testing.T) {
	dir := t.TempDir()
	one := write(t, dir, "one.json", indented(t, doc("a")))
	array := write(t, dir, "array.json", indented(t, []*inventory.Document{doc("b"), doc("c")}))
	ndjson := write(t, dir, "stream.ndjson", compact(t, doc("d"))+"\n\n"+compact(t, doc("e"))+"\n")
	concatenated := write(t, dir, "two.txt", indented(t, doc("f"))+indented(t, doc("g")))
	fleet := t.TempDir()
	write(t, fleet, "host-2.json", indented(t, doc("h2")))
	write(t, fleet, "host-1.json", indented(t, doc("h1")))
	write(t, fleet, "notes.txt", "not evidence")
	if err := os.Mkdir(filepath.Join(fleet, "sub.json"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		spec, stdin string
		want        []string
	}{
		{one, "", []string{"a"}},
		{array, "", []string{"b", "c"}},
		{ndjson, "", []string{"d", "e"}},
		{concatenated, "", []string{"f", "g"}},
		{fleet, "", []string{"h1", "h2"}},
		{filepath.Join(fleet, "host-*.json"), "", []string{"h1", "h2"}},
		{Stdin, compact(t, doc("s1")) + "\n" + compact(t, doc("s2")) + "\n", []string{"s1", "s2"}},
	} {
		got, err := names(tc.spec, tc.stdin)
		if err != nil || strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: got %v, %v; want %v", tc.spec, got, err, tc.want)
		}
	}
}

// TestDocumentsErrorsNameTheDocument: every problem names the file (or
// stdin), the line and the document's number, and nothing after it is
// read; a deployment read twice names both places.
func TestDocumentsErrorsNameTheDocument(t *testing.T) {
	dir := t.TempDir()
	old := doc("old")
	old.SchemaVersion = 2
	fleet := t.TempDir()
	write(t, fleet, "a.json", indented(t, doc("prod")))
	write(t, fleet, "b.json", indented(t, []*inventory.Document{doc("dev"), doc("prod")}))
	for _, tc := range []struct {
		name, spec, stdin string
		want              []string
		read              int // documents yielded before the error
	}{
		{"schema version on stdin", Stdin, compact(t, doc("a")) + "\n" + compact(t, doc("b")) + "\n" + compact(t, old) + "\n" + compact(t, doc("c")) + "\n",
			[]string{"stdin:3 (document 3)", "schema_version 2; this essec reads 1"}, 2},
		{"no deployment name", write(t, dir, "noname.json", indented(t, []*inventory.Document{doc("a"), doc("")})), "",
			[]string{"noname.json:", "(document 2)", "no deployment.name"}, 1},
		{"syntax error line", write(t, dir, "broken.json", "{\n  \"schema_version\": 1,\n  \"deployment\": {\"name\": \"x\",,}\n}\n"), "",
			[]string{"broken.json:3 (document 1)", "not an essec input document", "invalid character ','"}, 0},
		{"wrong type", Stdin, `{"schema_version": 1, "deployment": {"name": 7}}`,
			[]string{"stdin:1 (document 1)", "cannot unmarshal number"}, 0},
		{"duplicate across files", fleet, "",
			[]string{"b.json:", "(document 2)", `deployment "prod" was already read from`, "a.json:1 (document 1)"}, 2},
		{"text after the document", write(t, dir, "trailing.json", indented(t, doc("a"))+"]\n"), "",
			[]string{"trailing.json:", "unexpected text after the last document"}, 1},
		{"empty array", write(t, dir, "empty.json", "[]\n"), "", []string{"empty.json holds no input document"}, 0},
		{"empty stdin", Stdin, "\n\n", []string{"stdin holds no input document"}, 0},
		{"empty directory", t.TempDir(), "", []string{"holds no *.json file"}, 0},
		{"glob without match", filepath.Join(dir, "*.evidence"), "", []string{"no file matches"}, 0},
		{"missing file", filepath.Join(dir, "missing.json"), "", []string{"missing.json", "not found"}, 0},
	} {
		got, err := names(tc.spec, tc.stdin)
		if err == nil {
			t.Errorf("%s: no error (read %v)", tc.name, got)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not say %q", tc.name, err, w)
			}
		}
		if len(got) != tc.read {
			t.Errorf("%s: read %v before the error; want %d documents", tc.name, got, tc.read)
		}
	}
}
