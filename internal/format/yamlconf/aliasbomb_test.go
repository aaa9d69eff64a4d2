package yamlconf

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// aliasBomb builds a kibana.yml of about 140 KB: an anchored list of n
// short items and keys that each alias the whole list. Counting nodes, it
// is n+keys values; expanded, n*keys (here 6.4*10^7: gigabytes of strings).
func aliasBomb(items, keys int) string {
	var b strings.Builder
	b.WriteString("x-list: &a\n")
	for i := range items {
		fmt.Fprintf(&b, "  - v%d\n", i%10)
	}
	for i := range keys {
		fmt.Fprintf(&b, "k%d: *a\n", i)
	}
	return b.String()
}

func TestAliasBombOfLongListIsRefused(t *testing.T) {
	src := aliasBomb(8000, 8000)
	if len(src) > 150_000 {
		t.Fatalf("the bomb is %d bytes, meant to be about 140 KB", len(src))
	}
	_, err := Parse("kibana.yml", []byte(src), Kibana, nil)
	if err == nil || !strings.Contains(err.Error(), "alias bomb") {
		t.Fatalf("err = %v, want the alias bomb refused", err)
	}
}

// Merge keys repeating an alias of a large mapping cost its size each time.
func TestMergeBombIsRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString("base: &m\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "  k%d: v\n", i)
	}
	for i := range 2000 {
		fmt.Fprintf(&b, "s%d:\n  <<: [*m, *m, *m, *m]\n", i)
	}
	_, err := Parse("kibana.yml", []byte(b.String()), Kibana, nil)
	if err == nil || !strings.Contains(err.Error(), "alias bomb") {
		t.Fatalf("err = %v, want the merge bomb refused", err)
	}
}

// An ordinary use of aliases stays well inside the budget.
func TestModestAliasesStillParse(t *testing.T) {
	src := aliasBomb(20, 50)
	f, err := Parse("kibana.yml", []byte(src), Kibana, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := f.Get("k49"); !ok || len(e.List) != 20 {
		t.Fatalf("k49 = %+v", e)
	}
}

func TestDuplicateKeyIsKindDuplicate(t *testing.T) {
	f := mustParse(t, "xpack.security.enabled: true\nnetwork.host: 0.0.0.0\nxpack.security.enabled: false\n", Elasticsearch, nil)
	errs := f.CollectionErrors("esconfig")
	for _, e := range errs {
		if e.Kind == KindDuplicate && e.Line == 3 && strings.Contains(e.Message, "defined twice (lines 1 and 3)") {
			return
		}
	}
	t.Fatalf("no duplicate collection error in %+v", errs)
}

// Compose and other node readers follow aliases: DecodeYAML refuses a
// document whose aliases stand for more than a million nodes (here 32
// million, from 300 KB: thousands of services aliasing a long list).
func TestDecodeRefusesAliasExpansion(t *testing.T) {
	var b strings.Builder
	b.WriteString("x-env: &e\n")
	for i := range 8000 {
		fmt.Fprintf(&b, "  - V%d=x\n", i%50)
	}
	b.WriteString("services:\n")
	for i := range 4000 {
		fmt.Fprintf(&b, "  s%d: {image: elasticsearch:8.15.1, environment: *e}\n", i)
	}
	_, err := DecodeYAML("docker-compose.yml", []byte(b.String()))
	var se *SyntaxError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "alias bomb") || se.Line == 0 {
		t.Fatalf("err = %v, want a *SyntaxError naming the alias bomb and a line", err)
	}
	// A modest anchored block reused by a few services is fine.
	small := "x-env: &e\n  - A=1\n  - B=2\nservices:\n  a: {environment: *e}\n  b: {environment: *e}\n"
	if _, err := DecodeYAML("docker-compose.yml", []byte(small)); err != nil {
		t.Fatal(err)
	}
}
