package ecs

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/report/reporttest"
)

// encoded is d as the json.Encoder ECS output used wrote it.
func encoded(t *testing.T, d *Document) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

var ecsPieces = []string{"a", "es-01", " ", "\"", "\\", "\n", "\x00", "\x7f", "<", ">", "&", "+", "\u2028", "é", "\xff", "{", "}"}

// fillRandom sets each field of v at random: empty or not, texts that
// need escaping, lists nil, empty or not, pointers nil or set.
func fillRandom(t *testing.T, rng *rand.Rand, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if rng.IntN(3) > 0 {
			var b strings.Builder
			for n := 1 + rng.IntN(4); n > 0; n-- {
				b.WriteString(ecsPieces[rng.IntN(len(ecsPieces))])
			}
			v.SetString(b.String())
		}
	case reflect.Int:
		v.SetInt([]int64{0, 0, 7, -3, 1 << 40}[rng.IntN(5)])
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 0)
	case reflect.Struct:
		for i := range v.NumField() {
			fillRandom(t, rng, v.Field(i))
		}
	case reflect.Pointer:
		if rng.IntN(2) == 0 {
			v.Set(reflect.New(v.Type().Elem()))
			fillRandom(t, rng, v.Elem())
		}
	case reflect.Slice:
		if v.Type() == reflect.TypeFor[finding.Evidence]() {
			ev := []finding.Evidence{nil, finding.MustEvidence(map[string]any{"observed": "x <&> \u2028", "n": 3.5, "l": []any{}, "o": map[string]any{}}),
				finding.Evidence(" { \"a\" : [ 1 , \"b c\" ] ,\n\"d\":{ } } ")}
			v.Set(reflect.ValueOf(ev[rng.IntN(len(ev))]))
			return
		}
		switch rng.IntN(3) {
		case 0:
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			v.Set(reflect.MakeSlice(v.Type(), 2, 2))
			for i := range 2 {
				fillRandom(t, rng, v.Index(i))
			}
		}
	default:
		t.Fatalf("a document field of kind %s: teach appendDocument and this test to write it", v.Kind())
	}
}

// TestDocumentsAreEncodingJSONBytes: over random documents (every
// optional field set or not, texts that need escaping, evidence spaced
// out or not), appendDocument writes what the json.Encoder wrote.
func TestDocumentsAreEncodingJSONBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for i := range 5000 {
		var d Document
		fillRandom(t, rng, reflect.ValueOf(&d).Elem())
		got, ok := appendDocument(nil, &d)
		if want := encoded(t, &d); !ok || !bytes.Equal(got, want) {
			t.Fatalf("document %d: got\n%s\nwant\n%s", i, got, want)
		}
	}
}

// TestEveryDocumentFieldIsWritten: a document with every field set, however
// deep, is written as encoding/json writes it: a field added to Document
// and not to appendDocument fails here.
func TestEveryDocumentFieldIsWritten(t *testing.T) {
	var d Document
	reporttest.FillAll(t, reflect.ValueOf(&d).Elem(), "appendDocument")
	got, _ := appendDocument(nil, &d)
	if want := encoded(t, &d); !bytes.Equal(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

// TestWriteRefusesInvalidEvidence: evidence that is not JSON fails the
// write with encoding/json's error, as before.
func TestWriteRefusesInvalidEvidence(t *testing.T) {
	r := finding.Report{ScanID: "s", Findings: []finding.Finding{{CheckID: "MIN-01", Evidence: finding.Evidence(`{"observed": tru`)}}}
	err := Write(&bytes.Buffer{}, &r, Options{})
	if err == nil || !strings.Contains(err.Error(), "MarshalJSON") {
		t.Fatalf("got %v, want encoding/json's error", err)
	}
}

// BenchmarkWrite writes a fleet's ECS output: 25,000 findings.
func BenchmarkWrite(b *testing.B) {
	fixture := reporttest.Fixture(b)
	r := *fixture
	r.Findings = make([]finding.Finding, 25000)
	for i := range r.Findings {
		r.Findings[i] = fixture.Findings[i%len(fixture.Findings)]
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, &r, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
