package gitlab

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/report/reporttest"
)

// schema is the part of GitLab's security report schema 15.x
// (gitlab-org/security-products/security-report-schemas, sast-report-format)
// that GitLab enforces when it ingests a report: the errors it prints name
// these keys.
const schema = `{
  "type": "object",
  "required": ["version", "scan", "vulnerabilities"],
  "properties": {
    "version": {"type": "string", "pattern": "^15\\.[0-9]+\\.[0-9]+$"},
    "scan": {
      "type": "object",
      "required": ["analyzer", "scanner", "type", "start_time", "end_time", "status"],
      "properties": {
        "analyzer": {"$ref": "#/$defs/component"},
        "scanner": {"$ref": "#/$defs/component"},
        "type": {"const": "sast"},
        "start_time": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$"},
        "end_time": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$"},
        "status": {"enum": ["success", "failure"]},
        "messages": {"type": "array", "items": {"type": "object", "required": ["level", "value"],
          "properties": {"level": {"enum": ["info", "warn", "fatal"]}, "value": {"type": "string"}}}}
      }
    },
    "vulnerabilities": {
      "type": "array",
      "items": {
        "type": "object",
        "required": ["id", "identifiers", "location"],
        "properties": {
          "id": {"type": "string", "minLength": 1},
          "name": {"type": "string", "maxLength": 255},
          "description": {"type": "string", "maxLength": 1048576},
          "severity": {"enum": ["Info", "Unknown", "Low", "Medium", "High", "Critical"]},
          "solution": {"type": "string", "maxLength": 7000},
          "identifiers": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["type", "name", "value"],
            "properties": {"type": {"type": "string", "minLength": 1}, "name": {"type": "string", "minLength": 1}, "value": {"type": "string", "minLength": 1}}}},
          "location": {"type": "object", "required": ["file"], "properties": {"file": {"type": "string", "minLength": 1}, "start_line": {"type": "integer", "minimum": 1}}}
        }
      }
    }
  },
  "$defs": {
    "component": {"type": "object", "required": ["id", "name", "version", "vendor"],
      "properties": {"id": {"type": "string", "minLength": 1}, "name": {"type": "string", "minLength": 1}, "version": {"type": "string", "minLength": 1},
        "vendor": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "minLength": 1}}}}}
  }
}`

func TestValidatesAgainstGitLabSchema(t *testing.T) {
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("gitlab.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("gitlab.json")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for name, r := range map[string]*finding.Report{"fixture": reporttest.Fixture(t), "demo": reporttest.Demo(t)} {
		var buf bytes.Buffer
		if err := Write(&buf, r, Options{BaseDir: "/repo", Start: now, End: now.Add(time.Second)}); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestOnlyFailAndWarnWithStableIDs(t *testing.T) {
	r := reporttest.Demo(t)
	a, b := Build(r, Options{BaseDir: "/repo"}), Build(r, Options{BaseDir: "/repo"})
	want := 0
	for _, f := range r.Findings {
		if !f.Suppressed && (f.Status == finding.StatusFail || f.Status == finding.StatusWarn) {
			want++
		}
	}
	if len(a.Vulnerabilities) != want || want == 0 {
		t.Fatalf("%d vulnerabilities, want %d", len(a.Vulnerabilities), want)
	}
	seen := map[string]bool{}
	for i, v := range a.Vulnerabilities {
		if v.ID != b.Vulnerabilities[i].ID || seen[v.ID] {
			t.Errorf("id %s not stable or not unique", v.ID)
		}
		seen[v.ID] = true
		if strings.HasPrefix(v.Location.File, "/") {
			t.Errorf("%s: absolute location %s", v.Identifiers[0].Value, v.Location.File)
		}
	}
}
