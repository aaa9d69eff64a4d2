package sarif

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/report/reporttest"
)

const baseDir = "/srv/essec/deploy"

func write(t *testing.T, r *finding.Report, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decode(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	return doc
}

func TestGolden(t *testing.T) {
	got := write(t, reporttest.Fixture(t), Options{BaseDir: baseDir})
	want := reporttest.Golden(t, "sarif.golden.json", got)
	if !reflect.DeepEqual(decode(t, got), decode(t, want)) {
		t.Errorf("SARIF differs from sarif.golden.json (run go test -update and review the diff)\n%s", got)
	}
}

func schema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(filepath.Join("..", "..", "..", "testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatalf("compile SARIF schema: %v", err)
	}
	return sch
}

// scenarios are the reports every SARIF check runs on.
func scenarios(t *testing.T) map[string]struct {
	r    *finding.Report
	opts Options
} {
	fx := reporttest.Fixture(t)
	empty := *fx
	empty.Findings, empty.Errors = nil, nil
	noRules := *fx
	noRules.Rules = nil
	return map[string]struct {
		r    *finding.Report
		opts Options
	}{
		"fixture":        {fx, Options{BaseDir: baseDir}},
		"include waived": {fx, Options{BaseDir: baseDir, IncludeWaived: true}},
		"no base dir":    {fx, Options{}},
		"no findings":    {&empty, Options{}},
		"no catalogue":   {&noRules, Options{Category: "essec-prod"}},
		"demo":           {reporttest.Demo(t), Options{BaseDir: "/repo"}},
		"demo absolute":  {reporttest.Demo(t), Options{}},
	}
}

func TestValidatesAgainstSchema(t *testing.T) {
	sch := schema(t)
	for name, sc := range scenarios(t) {
		t.Run(name, func(t *testing.T) {
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(write(t, sc.r, sc.opts)))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("SARIF does not validate: %v", err)
			}
		})
	}
}

func TestGitHubRules(t *testing.T) {
	for name, sc := range scenarios(t) {
		t.Run(name, func(t *testing.T) {
			checkGitHub(t, decode(t, write(t, sc.r, sc.opts)))
		})
	}
}

// checkGitHub asserts what GitHub code scanning needs beyond the schema.
func checkGitHub(t *testing.T, doc map[string]any) {
	t.Helper()
	runs := doc["runs"].([]any)
	if len(runs) != 1 {
		t.Fatalf("got %d runs, want 1", len(runs))
	}
	run := runs[0].(map[string]any)
	driver := run["tool"].(map[string]any)["driver"].(map[string]any)
	if driver["name"] != "essec" || driver["informationUri"] != InformationURI {
		t.Errorf("driver = %v %v", driver["name"], driver["informationUri"])
	}
	rules, _ := driver["rules"].([]any)
	if len(rules) > githubMaxRules || len(run["results"].([]any)) > githubMaxResults {
		t.Errorf("%d rules, %d results: over GitHub's limits", len(rules), len(run["results"].([]any)))
	}
	noPlaceholders(t, "", doc)
	ids := map[string]int{}
	titles := map[string]string{}
	for i, r := range rules {
		rule := r.(map[string]any)
		id := rule["id"].(string)
		if _, dup := ids[id]; dup {
			t.Errorf("rule id %s repeated", id)
		}
		ids[id] = i
		titles[id] = rule["shortDescription"].(map[string]any)["text"].(string)
		props := rule["properties"].(map[string]any)
		sev, ok := props["security-severity"].(string)
		if !ok {
			t.Errorf("rule %s: security-severity %v is not a string", id, props["security-severity"])
		} else if v, err := strconv.ParseFloat(sev, 64); err != nil || v < 0 || v > 10 {
			t.Errorf("rule %s: security-severity %q not a number in 0..10", id, sev)
		}
		help := rule["help"].(map[string]any)
		if help["text"] == "" || help["markdown"] == "" {
			t.Errorf("rule %s: help text or markdown empty", id)
		}
		if full := rule["fullDescription"].(map[string]any)["text"].(string); len([]rune(full)) > MaxDescription || full == "" {
			t.Errorf("rule %s: fullDescription of %d characters (GitHub keeps %d)", id, len([]rune(full)), MaxDescription)
		}
		if name, _ := rule["name"].(string); name == "" || strings.ContainsAny(name, " /") {
			t.Errorf("rule %s: name %q", id, name)
		}
		switch props["precision"] {
		case "very-high", "high", "medium", "low":
		default:
			t.Errorf("rule %s: precision %v", id, props["precision"])
		}
		if tags, _ := props["tags"].([]any); len(tags) > githubMaxTags {
			t.Errorf("rule %s: %d tags (GitHub keeps %d)", id, len(tags), githubMaxTags)
		}
	}
	if id, _ := run["automationDetails"].(map[string]any)["id"].(string); !strings.Contains(id, "/") || strings.HasSuffix(id, "/") {
		t.Errorf("automationDetails.id %q: want <category>/<run id>", id)
	}
	for _, x := range run["results"].([]any) {
		res := x.(map[string]any)
		id := res["ruleId"].(string)
		idx, ok := ids[id]
		if !ok {
			t.Errorf("result for unknown rule %s", id)
		}
		if int(res["ruleIndex"].(float64)) != idx {
			t.Errorf("result %s: ruleIndex %v, want %d", id, res["ruleIndex"], idx)
		}
		msg := res["message"].(map[string]any)["text"].(string)
		if msg == "" || (strings.HasPrefix(msg, titles[id]+".") && msg != titles[id]+".") {
			t.Errorf("result %s: message %q is empty or restates the title %q", id, msg, titles[id])
		}
		locs := res["locations"].([]any)
		if len(locs) != 1 {
			t.Fatalf("result %s: %d locations, want 1", id, len(locs))
		}
		art := locs[0].(map[string]any)["physicalLocation"].(map[string]any)["artifactLocation"].(map[string]any)
		if base, ok := art["uriBaseId"]; ok {
			if base != "%SRCROOT%" || run["originalUriBaseIds"].(map[string]any)["%SRCROOT%"] == nil {
				t.Errorf("result %s: uriBaseId %v without its originalUriBaseIds entry", id, base)
			}
		}
		phys := locs[0].(map[string]any)["physicalLocation"].(map[string]any)
		if uri, _ := phys["artifactLocation"].(map[string]any)["uri"].(string); uri == "" {
			t.Errorf("result %s: no artifact uri", id)
		}
		if line, _ := phys["region"].(map[string]any)["startLine"].(float64); line < 1 {
			t.Errorf("result %s: startLine %v", id, phys["region"])
		}
		if fp, _ := res["partialFingerprints"].(map[string]any)[FingerprintKey].(string); fp == "" {
			t.Errorf("result %s: no partial fingerprint", id)
		}
		switch res["level"] {
		case "error", "warning", "note":
		default:
			t.Errorf("result %s: level %v", id, res["level"])
		}
	}
}

// GitHub's documented limits for an uploaded SARIF file
// (docs.github.com, "SARIF support for code scanning").
const (
	githubMaxResults = 25000
	githubMaxRules   = 25000
	githubMaxTags    = 20
	githubMaxBytes   = 10 << 20 // gzip-compressed upload limit; checked uncompressed
)

// noPlaceholders fails on empty arrays, empty objects and -1 values: they
// carry nothing and made the report large.
func noPlaceholders(t *testing.T, path string, v any) {
	t.Helper()
	switch x := v.(type) {
	case []any:
		if len(x) == 0 && path != "/runs/0/results" {
			t.Errorf("empty array at %s", path)
		}
		for i, e := range x {
			noPlaceholders(t, path+"/"+strconv.Itoa(i), e)
		}
	case map[string]any:
		if len(x) == 0 {
			t.Errorf("empty object at %s", path)
		}
		for k, e := range x {
			noPlaceholders(t, path+"/"+k, e)
		}
	case float64:
		if x == -1 {
			t.Errorf("placeholder -1 at %s", path)
		}
	}
}

// The result message states the problem found; the title stays the rule's.
func TestMessageStatesProblem(t *testing.T) {
	fx := reporttest.Fixture(t)
	msgs := map[string]bool{}
	for _, f := range fx.Findings {
		msgs[f.Message] = true
	}
	for _, r := range results(t, write(t, fx, Options{})) {
		if m := r["message"].(map[string]any)["text"].(string); !msgs[m] {
			t.Errorf("result %v: message %q is not a finding's message", r["ruleId"], m)
		}
	}
}

// The demo's SARIF stays small: 429 KB for 41 results was mostly empty
// arrays and placeholders.
func TestDemoSize(t *testing.T) {
	out := write(t, reporttest.Demo(t), Options{BaseDir: "/repo"})
	n := len(results(t, out))
	t.Logf("demo: %d bytes for %d results", len(out), n)
	if len(out) > githubMaxBytes || len(out) > 2500*n+150000 {
		t.Errorf("demo SARIF is %d bytes for %d results", len(out), n)
	}
}

func TestLongDescriptionGoesToHelp(t *testing.T) {
	long := strings.Repeat("A node that does this is exposed. ", 60)
	r := &finding.Report{ScanID: "s", Rules: []finding.Rule{{ID: "X-01", Title: "X", Description: long, Severity: "high", Level: "basic"}},
		Findings: []finding.Finding{{CheckID: "X-01", Status: finding.StatusFail, Deployment: "d", Message: "x is on"}}}
	rule := decode(t, write(t, r, Options{}))["runs"].([]any)[0].(map[string]any)["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any)[0].(map[string]any)
	full := rule["fullDescription"].(map[string]any)["text"].(string)
	if len(full) > MaxDescription || !strings.HasSuffix(full, ".") {
		t.Errorf("fullDescription %d characters, ends %q", len(full), full[len(full)-5:])
	}
	if !strings.Contains(rule["help"].(map[string]any)["text"].(string), strings.TrimSpace(long)) {
		t.Error("help does not hold the whole description")
	}
}

func results(t *testing.T, data []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, x := range decode(t, data)["runs"].([]any)[0].(map[string]any)["results"].([]any) {
		out = append(out, x.(map[string]any))
	}
	return out
}

func TestResultsOnlyFailAndWarn(t *testing.T) {
	fx := reporttest.Fixture(t)
	want := 0
	for _, f := range fx.Findings {
		if (f.Status == finding.StatusFail || f.Status == finding.StatusWarn) && !f.Suppressed {
			want++
		}
	}
	res := results(t, write(t, fx, Options{}))
	if len(res) != want {
		t.Errorf("got %d results, want %d (fail and warn, not waived)", len(res), want)
	}
	for _, r := range res {
		if _, ok := r["suppressions"]; ok {
			t.Errorf("result %v carries a suppression without IncludeWaived", r["ruleId"])
		}
	}
}

func TestIncludeWaivedAddsSuppressions(t *testing.T) {
	fx := reporttest.Fixture(t)
	var reasons []string
	for _, f := range fx.Findings {
		if f.Suppressed && (f.Status == finding.StatusFail || f.Status == finding.StatusWarn) {
			reasons = append(reasons, f.Waiver.Reason)
		}
	}
	var got []string
	for _, r := range results(t, write(t, fx, Options{IncludeWaived: true})) {
		sup, ok := r["suppressions"].([]any)
		if !ok {
			continue
		}
		s := sup[0].(map[string]any)
		if s["kind"] != "external" {
			t.Errorf("suppression kind %v, want external", s["kind"])
		}
		got = append(got, s["justification"].(string))
	}
	if !reflect.DeepEqual(got, reasons) {
		t.Errorf("suppression justifications %q, want %q", got, reasons)
	}
}

func TestLevels(t *testing.T) {
	want := map[string]string{
		"MIN-01 fail": "error", "BAS-01 fail": "error", "BAS-06 fail": "error",
		"HTTPS-04 fail": "error", "KIB-11 fail": "note",
		"BAS-04 warn": "warning", "HTTPS-03 warn": "warning",
	}
	fx := reporttest.Fixture(t)
	status := map[string]string{}
	for _, f := range fx.Findings {
		status[f.Fingerprint] = string(f.Status)
	}
	for _, r := range results(t, write(t, fx, Options{})) {
		fp := r["partialFingerprints"].(map[string]any)[FingerprintKey].(string)
		key := r["ruleId"].(string) + " " + status[fp]
		if r["level"] != want[key] {
			t.Errorf("%s: level %v, want %s", key, r["level"], want[key])
		}
	}
	rules := decode(t, write(t, fx, Options{}))["runs"].([]any)[0].(map[string]any)["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any)
	for _, x := range rules {
		rule := x.(map[string]any)
		sev := map[string]string{"MIN-04": "5.5", "KIB-11": "3.0", "MIN-01": "9.5", "BAS-04": "8.0"}[rule["id"].(string)]
		if sev != "" && rule["properties"].(map[string]any)["security-severity"] != sev {
			t.Errorf("rule %v security-severity %v, want %s", rule["id"], rule["properties"].(map[string]any)["security-severity"], sev)
		}
	}
}

func TestLocations(t *testing.T) {
	tests := []struct {
		name string
		res  finding.Resource
		base string
		uri  string
		line float64
	}{
		{"under base dir", finding.Resource{Kind: "node", Name: "es01", File: "/repo/config/es01/elasticsearch.yml", Line: 12}, "/repo", "config/es01/elasticsearch.yml", 12},
		{"base dir with slash", finding.Resource{Kind: "node", Name: "es01", File: "/repo/elasticsearch.yml", Line: 3}, "/repo/", "elasticsearch.yml", 3},
		{"outside base dir", finding.Resource{Kind: "kibana", Name: "kb", File: "/etc/kibana/kibana.yml", Line: 7}, "/repo", "file:///etc/kibana/kibana.yml", 7},
		{"sibling with common prefix", finding.Resource{Kind: "node", Name: "es", File: "/repo2/elasticsearch.yml", Line: 1}, "/repo", "file:///repo2/elasticsearch.yml", 1},
		{"no base dir", finding.Resource{Kind: "node", Name: "es", File: "/repo/elasticsearch.yml"}, "", "file:///repo/elasticsearch.yml", 1},
		{"relative file kept", finding.Resource{Kind: "node", Name: "es", File: "config/elasticsearch.yml", Line: 4}, "/repo", "config/elasticsearch.yml", 4},
		{"space escaped", finding.Resource{Kind: "node", Name: "es", File: "/repo/my config/elasticsearch.yml", Line: 2}, "/repo", "my%20config/elasticsearch.yml", 2},
		{"line 0 becomes 1", finding.Resource{Kind: "node", Name: "es", File: "/repo/elasticsearch.yml"}, "/repo", "elasticsearch.yml", 1},
		{"live node", finding.Resource{Kind: "node", Name: "es02", Endpoint: "https://es02:9200"}, "/repo", "essec/prod/es02/node", 1},
		{"live cluster", finding.Resource{Kind: "cluster", Name: "prod", Endpoint: "https://es:9200"}, "", "essec/prod/prod/cluster", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := finding.Finding{CheckID: "MIN-01", Title: "T", Severity: "high", Status: "fail", Deployment: "prod", Resource: tt.res}
			r := &finding.Report{ScanID: "s", Findings: []finding.Finding{f}}
			phys := results(t, write(t, r, Options{BaseDir: tt.base}))[0]["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
			if uri := phys["artifactLocation"].(map[string]any)["uri"]; uri != tt.uri {
				t.Errorf("uri %v, want %s", uri, tt.uri)
			}
			if line := phys["region"].(map[string]any)["startLine"]; line != tt.line {
				t.Errorf("startLine %v, want %v", line, tt.line)
			}
		})
	}
}

func fingerprints(t *testing.T, r *finding.Report) []string {
	t.Helper()
	var fps []string
	for _, res := range results(t, write(t, r, Options{BaseDir: baseDir})) {
		fps = append(fps, res["ruleId"].(string)+" "+res["partialFingerprints"].(map[string]any)[FingerprintKey].(string))
	}
	return fps
}

func TestFingerprintsStable(t *testing.T) {
	first := fingerprints(t, reporttest.Fixture(t))
	if second := fingerprints(t, reporttest.Fixture(t)); !reflect.DeepEqual(first, second) {
		t.Fatalf("fingerprints differ between two runs:\n%v\n%v", first, second)
	}

	// Fingerprints computed from the finding's identity (none in the input)
	// must not move when lines and messages do.
	computed := func(shift int) []string {
		r := reporttest.Fixture(t)
		for i := range r.Findings {
			r.Findings[i].Fingerprint = ""
			if r.Findings[i].Resource.Line > 0 {
				r.Findings[i].Resource.Line += shift
			}
			r.Findings[i].Message += strings.Repeat(" (moved)", shift)
		}
		return fingerprints(t, r)
	}
	before, after := computed(0), computed(7)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("fingerprints changed with line numbers:\n%v\n%v", before, after)
	}
	seen := map[string]bool{}
	for _, fp := range before {
		if seen[fp] {
			t.Errorf("fingerprint %s not unique", fp)
		}
		seen[fp] = true
	}
}

func TestUncataloguedCheckGetsARule(t *testing.T) {
	r := &finding.Report{ScanID: "s", Findings: []finding.Finding{{
		CheckID: "CUSTOM-1", Title: "Custom check", Severity: "medium", Level: "hardening",
		Status: "fail", Deployment: "d", Resource: finding.Resource{Kind: "cluster", Name: "d"},
	}}}
	doc := decode(t, write(t, r, Options{}))
	checkGitHub(t, doc)
	rules := doc["runs"].([]any)[0].(map[string]any)["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any)
	if len(rules) != 1 || rules[0].(map[string]any)["id"] != "CUSTOM-1" {
		t.Errorf("rules = %v", rules)
	}
}

func TestHelpNamesFixModuleAndDocs(t *testing.T) {
	fx := reporttest.Fixture(t)
	doc := decode(t, write(t, fx, Options{}))
	for _, x := range doc["runs"].([]any)[0].(map[string]any)["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any) {
		rule := x.(map[string]any)
		md := rule["help"].(map[string]any)["markdown"].(string)
		switch rule["id"] {
		case "BAS-01":
			for _, want := range []string{"essec fix --checks BAS-01", "transport-tls", "elasticsearch-certutil", "https://www.elastic.co/guide/en/elasticsearch/reference/current/security-basic-setup.html"} {
				if !strings.Contains(md, want) {
					t.Errorf("BAS-01 help lacks %q:\n%s", want, md)
				}
			}
			if rule["helpUri"] != "https://www.elastic.co/guide/en/elasticsearch/reference/current/security-basic-setup.html" {
				t.Errorf("BAS-01 helpUri %v", rule["helpUri"])
			}
		case "BAS-04":
			if strings.Contains(md, "essec fix") {
				t.Errorf("BAS-04 has no remediation module but its help offers essec fix:\n%s", md)
			}
		}
	}
}

func TestDemoLocationsRelative(t *testing.T) {
	for _, r := range results(t, write(t, reporttest.Demo(t), Options{BaseDir: "/repo"})) {
		uri := r["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)["artifactLocation"].(map[string]any)["uri"].(string)
		if !strings.HasPrefix(uri, "testdata/demo/") && !strings.HasPrefix(uri, "essec/demo-logs/") {
			t.Errorf("demo result %v at %q: want a path relative to the repository or a virtual essec/ path", r["ruleId"], uri)
		}
	}
}
