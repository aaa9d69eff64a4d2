package policy

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/essec-dev/essec/internal/finding"
)

// goValuesEvidence is the evidence as readEvidence made it before it wrote
// OPA's values directly: converted to Go values, numbers to float64, and
// encoded.
func goValuesEvidence(t *testing.T, v ast.Value) (finding.Evidence, error) {
	t.Helper()
	x, err := ast.JSON(v)
	if err != nil {
		return nil, err
	}
	m, _ := floatNumbers(x).(map[string]any)
	return finding.NewEvidence(m)
}

var evidenceTexts = []string{"", "a", "es-01", "\"q\"", `back\slash`, "line\nbreak\t\x01", "<b>&amp;</b>", "\u2028\u2029", "é日本🔒", "\xff\xfe", "z", "A", "_"}

var evidenceNumbers = []string{"0", "-0", "1", "-1", "3.0", "1.5", "0.1", "443", "1e3", "2.5E-3", "0.000001", "0.0000001", "1e20", "1e21",
	"123456789012345678901234567890", "1e400", "-1e400", "9007199254740993", "1E-7"}

func randomEvidenceValue(rng *rand.Rand, depth int) *ast.Term {
	switch k := rng.IntN(9); {
	case k == 0:
		return ast.NullTerm()
	case k == 1:
		return ast.BooleanTerm(rng.IntN(2) == 0)
	case k == 2:
		return ast.NumberTerm(json.Number(evidenceNumbers[rng.IntN(len(evidenceNumbers))]))
	case k <= 4 || depth > 3:
		return ast.StringTerm(evidenceTexts[rng.IntN(len(evidenceTexts))])
	case k == 5:
		a := make([]*ast.Term, rng.IntN(4))
		for i := range a {
			a[i] = randomEvidenceValue(rng, depth+1)
		}
		return ast.ArrayTerm(a...)
	case k == 6:
		s := ast.NewSet()
		for n := rng.IntN(4); n > 0; n-- {
			s.Add(randomEvidenceValue(rng, depth+1))
		}
		return ast.NewTerm(s)
	default:
		return ast.NewTerm(randomEvidenceObject(rng, depth+1))
	}
}

func randomEvidenceObject(rng *rand.Rand, depth int) ast.Object {
	obj := ast.NewObject()
	for n := rng.IntN(5); n > 0; n-- {
		obj.Insert(ast.StringTerm(evidenceTexts[rng.IntN(len(evidenceTexts))]), randomEvidenceValue(rng, depth))
	}
	return obj
}

// TestEvidenceIsWrittenAsGoValuesEncode: evidence written straight from
// OPA's values has the bytes of the Go values encoded (keys sorted,
// numbers as float64 or, out of range, as text, sets as arrays), over
// random objects and over those the writer leaves to the Go values (keys
// that are not strings, numbers that are not finite).
func TestEvidenceIsWrittenAsGoValuesEncode(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var values []ast.Value
	for range 3000 {
		values = append(values, randomEvidenceObject(rng, 0))
	}
	for _, text := range []string{
		`{"observed": {1: "a", "1": "b"}}`,
		`{"observed": {[1]: true}, "expected": {"x", 2}}`,
		`{"a": {"b": {"c": [1, {"d": set()}]}}, "e": {}}`,
	} {
		values = append(values, ast.MustParseTerm(text).Value)
	}
	written := 0
	var scratch []byte
	for i, v := range values {
		want, wantErr := goValuesEvidence(t, v)
		got, err := readEvidence(ast.NewTerm(v), &scratch)
		if (err != nil) != (wantErr != nil) || !bytes.Equal(got, want) {
			t.Fatalf("value %d %v: got %s (%v), want %s (%v)", i, v, got, err, want, wantErr)
		}
		if _, ok := appendEvidence(nil, v); ok {
			written++
		}
	}
	if written < len(values)/2 {
		t.Fatalf("only %d of %d evidence objects were written directly", written, len(values))
	}
	// Numbers beyond float64 that strconv still reads, as NaN and Inf do,
	// are refused by encoding/json: left to it, they fail the same.
	if _, ok := appendEvidence(nil, ast.Number("NaN")); ok {
		t.Fatal("NaN was written")
	}
}
