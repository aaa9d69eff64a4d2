package jsonreport

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/report/reporttest"
)

// encodeOne is a finding as the report's encoder writes it inside the
// findings array.
func encodeOne(t testing.TB, f *finding.Finding) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := encoder(&b, "    ").Encode(f); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// pieces of the texts of random findings: what encoding/json escapes
// (quotes, backslashes, control characters, U+2028, U+2029, invalid
// UTF-8), what it leaves (HTML characters, DEL, other Unicode), and the
// punctuation of JSON.
var pieces = []string{
	"a", "es-01", " ", "\"", "\\", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f", "<", ">", "&", "'", "+",
	"\u2028", "\u2029", "é", "日本", "\xff", "\xe2\x80", "\xed\xa0\x80", "{", "}", "[", "]", ",", ":", "\\u2028", "🔒",
}

func randomText(rng *rand.Rand) string {
	var b strings.Builder
	for n := rng.IntN(6); n > 0; n-- {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

func randomValue(rng *rand.Rand, depth int) any {
	switch k := rng.IntN(8); {
	case k == 0:
		return nil
	case k == 1:
		return rng.IntN(2) == 0
	case k == 2:
		return []float64{0, 1, -3, 0.5, 1e21, 1e-7, 443, 2.5e-3}[rng.IntN(8)]
	case k <= 4 || depth > 2:
		return randomText(rng)
	case k == 5:
		l := make([]any, rng.IntN(3))
		for i := range l {
			l[i] = randomValue(rng, depth+1)
		}
		return l
	default:
		m := map[string]any{}
		for n := rng.IntN(3); n > 0; n-- {
			m[randomText(rng)] = randomValue(rng, depth+1)
		}
		return m
	}
}

func randomFinding(rng *rand.Rand) finding.Finding {
	text := func() string {
		if rng.IntN(3) == 0 {
			return ""
		}
		return randomText(rng)
	}
	f := finding.Finding{
		CheckID: text(), Title: text(), Level: finding.Level(text()), Severity: finding.Severity(text()),
		Component: text(), Status: finding.Status(text()), Deployment: text(),
		Resource: finding.Resource{Kind: text(), Name: text(), File: text(), Line: []int{0, 1, 12, -4, 1 << 40}[rng.IntN(5)],
			Endpoint: text(), SHA256: text()},
		Setting: text(), Message: text(),
		Remediation: finding.Remediation{ID: text(), Summary: text(), Automated: rng.IntN(2) == 0},
		Fingerprint: text(), Suppressed: rng.IntN(2) == 0,
	}
	switch rng.IntN(3) {
	case 0:
		f.References = []string{}
	case 1:
		for n := 1 + rng.IntN(3); n > 0; n-- {
			f.References = append(f.References, text())
		}
	}
	if rng.IntN(2) == 0 {
		f.Waiver = &finding.Waiver{Reason: text(), Owner: text(), Expires: text()}
	}
	switch rng.IntN(4) {
	case 0:
		m := map[string]any{}
		for n := rng.IntN(4); n > 0; n-- {
			m[randomText(rng)] = randomValue(rng, 0)
		}
		f.Evidence = finding.MustEvidence(m)
	case 1:
		// Evidence kept as a baseline or a caller gave it: spaced out,
		// with empty members.
		f.Evidence = finding.Evidence(" {\n \"observed\" : [ ] ,\"expected\":{ },\t\"n\": [1, {\"a\" : \"b c\"} ] } ")
	}
	return f
}

// TestAppendFindingWritesEncodingJSONBytes: over random findings (every
// optional field set or not, texts that need escaping, evidence of any
// shape), a finding is written as encoding/json's indenting encoder writes
// it in the report.
func TestAppendFindingWritesEncodingJSONBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 5000 {
		f := randomFinding(rng)
		want := encodeOne(t, &f)
		if got := appendFinding(nil, &f); !bytes.Equal(got, want) {
			t.Fatalf("finding %d: got\n%s\nwant\n%s", i, got, want)
		}
	}
}

// TestFindingFieldsAreAllWritten: a finding with every field set, however
// deep, is written as encoding/json writes it: a field added to
// finding.Finding and not to appendFinding fails here.
func TestFindingFieldsAreAllWritten(t *testing.T) {
	var f finding.Finding
	reporttest.FillAll(t, reflect.ValueOf(&f).Elem(), "appendFinding")
	if got, want := appendFinding(nil, &f), encodeOne(t, &f); !bytes.Equal(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

// TestWriteRefusesInvalidEvidence: evidence that is not JSON fails the
// report, as the encoder did, rather than writing a broken report.
func TestWriteRefusesInvalidEvidence(t *testing.T) {
	r := *reporttest.Demo(t)
	r.Findings = append([]finding.Finding(nil), r.Findings...)
	r.Findings[len(r.Findings)-1].Evidence = finding.Evidence(`{"observed": tru`)
	if err := Write(&bytes.Buffer{}, &r); err == nil {
		t.Fatal("a report with evidence that is not JSON was written")
	}
}

// FuzzAppendString: any text is quoted as encoding/json quotes it.
func FuzzAppendString(f *testing.F) {
	for _, p := range pieces {
		f.Add(p + "tail")
	}
	f.Fuzz(func(t *testing.T, s string) {
		fd := finding.Finding{Message: s}
		want := encodeOne(t, &fd)
		if got := appendFinding(nil, &fd); !bytes.Equal(got, want) {
			t.Fatalf("%q: got\n%s\nwant\n%s", s, got, want)
		}
	})
}
