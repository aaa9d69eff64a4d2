package ecs

import (
	"bufio"
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/report/reporttest"
)

func write(t *testing.T, r *finding.Report, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// lines decodes NDJSON, each line on its own.
func lines(t *testing.T, data []byte) []map[string]any {
	t.Helper()
	var docs []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		d := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		d.UseNumber()
		var doc map[string]any
		if err := d.Decode(&doc); err != nil {
			t.Fatalf("line %d is not a JSON object: %v", len(docs)+1, err)
		}
		docs = append(docs, doc)
	}
	return docs
}

func TestGolden(t *testing.T) {
	got := write(t, reporttest.Fixture(t), Options{})
	want := reporttest.Golden(t, "ecs.golden.ndjson", got)
	if !bytes.Equal(got, want) {
		t.Errorf("ECS output differs from ecs.golden.ndjson (run go test -update and review the diff)\n%s", got)
	}
	tmpl, err := json.MarshalIndent(Template(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	tmpl = append(tmpl, '\n')
	if want := reporttest.Golden(t, "ecs-template.golden.json", tmpl); !bytes.Equal(tmpl, want) {
		t.Errorf("template differs from ecs-template.golden.json\n%s", tmpl)
	}
}

func TestOneDocumentPerFinding(t *testing.T) {
	r := reporttest.Fixture(t)
	docs := lines(t, write(t, r, Options{}))
	if len(docs) != len(r.Findings) {
		t.Fatalf("%d documents for %d findings", len(docs), len(r.Findings))
	}
	ids := map[string]bool{}
	for i, d := range docs {
		f := r.Findings[i]
		ev := d["event"].(map[string]any)
		if ev["kind"] != "state" || !reflect.DeepEqual(ev["category"], []any{"configuration"}) || !reflect.DeepEqual(ev["type"], []any{"info"}) {
			t.Errorf("doc %d: event %v", i, ev)
		}
		id := ev["id"].(string)
		if id != r.ScanID+"-"+f.Fingerprint || ids[id] {
			t.Errorf("doc %d: event.id %q not scan id + fingerprint, or repeated", i, id)
		}
		ids[id] = true
		rule := d["rule"].(map[string]any)
		bm := rule["benchmark"].(map[string]any)
		if rule["id"] != f.CheckID || rule["section"] != string(f.Level) || bm["rule_number"] != f.CheckID || bm["id"] != "essec" || bm["posture_type"] != "essec" {
			t.Errorf("doc %d: rule %v", i, rule)
		}
		es := d["essec"].(map[string]any)
		if es["scan_id"] != r.ScanID || es["fingerprint"] != f.Fingerprint || es["status"] != string(f.Status) {
			t.Errorf("doc %d: essec %v", i, es)
		}
		if f.Suppressed != (es["waiver"] != nil) {
			t.Errorf("doc %d: suppressed %v but waiver %v", i, f.Suppressed, es["waiver"])
		}
		if d["@timestamp"] != r.GeneratedAt {
			t.Errorf("doc %d: @timestamp %v", i, d["@timestamp"])
		}
	}
}

func TestEvaluationAndOutcome(t *testing.T) {
	tests := []struct {
		status            finding.Status
		evaluation, outcm string
	}{
		{finding.StatusPass, "passed", "success"},
		{finding.StatusFail, "failed", "failure"},
		{finding.StatusWarn, "warning", "success"},
		{finding.StatusUnknown, "unknown", "unknown"},
		{finding.StatusNotApplicable, "not_applicable", "unknown"},
	}
	for _, tt := range tests {
		if got := evaluation(tt.status); got != tt.evaluation {
			t.Errorf("evaluation(%s) = %s, want %s", tt.status, got, tt.evaluation)
		}
		if got := outcome(tt.status); got != tt.outcm {
			t.Errorf("outcome(%s) = %s, want %s", tt.status, got, tt.outcm)
		}
	}
}

func TestDuplicateIdentitiesGetDistinctIDs(t *testing.T) {
	f := finding.Finding{CheckID: "X-1", Status: "fail", Deployment: "d", Resource: finding.Resource{Kind: "node", Name: "n"}}
	r := &finding.Report{ScanID: "s1", Findings: []finding.Finding{f, f}}
	docs := Documents(r, Options{Now: func() time.Time { return time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC) }})
	fp := finding.ComputeFingerprint("X-1", "d", f.Resource, "")
	if docs[0].ID != "s1-"+fp || docs[1].ID != "s1-"+fp+"-2" {
		t.Errorf("ids %q %q", docs[0].ID, docs[1].ID)
	}
	if docs[0].Timestamp != "2025-01-02T03:04:05Z" {
		t.Errorf("timestamp from the clock: %q", docs[0].Timestamp)
	}
}

func TestHostAndResource(t *testing.T) {
	tests := []struct {
		res  finding.Resource
		host string
		id   string
	}{
		{finding.Resource{Kind: "node", Name: "es02", Endpoint: "https://es02.example:9200/_nodes"}, "es02.example", "d/node/es02"},
		{finding.Resource{Kind: "node", Name: "es01", File: "/etc/elasticsearch/elasticsearch.yml"}, "es01", "d/node/es01"},
		{finding.Resource{Kind: "certificate", Name: "http.p12", File: "/x/http.p12"}, "", "d/certificate/http.p12"},
		{finding.Resource{Kind: "cluster", Endpoint: "10.0.0.5:9200"}, "10.0.0.5", "d/cluster/d"},
	}
	for _, tt := range tests {
		d := document(&finding.Report{}, finding.Finding{Deployment: "d", Resource: tt.res}, finding.Rule{}, "x", "t")
		got := ""
		if d.Host != nil {
			got = d.Host.Name
		}
		if got != tt.host || d.Resource.ID != tt.id {
			t.Errorf("%+v: host %q id %q, want %q %q", tt.res, got, d.Resource.ID, tt.host, tt.id)
		}
	}
}

func TestNoSecretsBeyondReport(t *testing.T) {
	r, _ := reporttest.SecretBait(t)
	if out := write(t, r, Options{}); bytes.Contains(out, []byte(reporttest.Canary)) {
		t.Errorf("ECS output contains a secret that is not in the report")
	}
	if strings.Contains(string(mustJSON(t, Template())), reporttest.Canary) {
		t.Errorf("template contains a secret")
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
