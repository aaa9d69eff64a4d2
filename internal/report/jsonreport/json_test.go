package jsonreport

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/report/reporttest"
)

// whole is the report encoded at once, as Write did before it streamed the
// findings: the bytes Write must keep producing.
func whole(t *testing.T, r *finding.Report) []byte {
	t.Helper()
	out := *r
	if out.Findings == nil {
		out.Findings = []finding.Finding{}
	}
	if out.Errors == nil {
		out.Errors = []finding.Error{}
	}
	if out.Deployments == nil {
		out.Deployments = []finding.DeploymentResult{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestWriteStreamsTheSameBytes: findings streamed one by one give the bytes
// of the report encoded whole, for reports with many, one and no findings,
// with text that needs escaping, and with the optional fields set.
func TestWriteStreamsTheSameBytes(t *testing.T) {
	fixture := reporttest.Fixture(t)
	one := *fixture
	one.Findings = fixture.Findings[:1]
	none := *fixture
	none.Findings = nil
	tricky := *reporttest.Demo(t)
	tricky.Findings = append([]finding.Finding(nil), tricky.Findings...)
	tricky.Findings[0].Message = "line\n  \"findings\": [],\n <b>&</b> \u2028 \x00"
	tricky.Fixed = tricky.Findings[1:3]
	tricky.PartialLevels = []finding.Level{finding.LevelBasic}
	empty := finding.Report{SchemaVersion: 1}
	for name, r := range map[string]*finding.Report{
		"fixture": fixture, "demo": reporttest.Demo(t), "one": &one, "none": &none, "tricky": &tricky, "empty": &empty,
	} {
		var got bytes.Buffer
		if err := Write(&got, r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want := whole(t, r); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: streamed report differs from the report encoded whole:\n%s\nwant\n%s", name, got.Bytes(), want)
		}
	}
}
