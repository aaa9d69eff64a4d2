package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/finding"
)

func f(check, resource string, status finding.Status, line int) finding.Finding {
	res := finding.Resource{Kind: "node", Name: resource, File: "/etc/elasticsearch/elasticsearch.yml", Line: line}
	return finding.Finding{
		CheckID: check, Deployment: "prod", Status: status, Level: finding.LevelMinimal, Severity: finding.SeverityHigh,
		Resource: res, Fingerprint: finding.ComputeFingerprint(check, "prod", res, ""),
	}
}

func writeReport(t *testing.T, fs []finding.Finding) string {
	t.Helper()
	rep := finding.Report{SchemaVersion: 1, Tool: finding.Tool{Name: "essec"}, GeneratedAt: "2025-03-01T00:00:00Z", ScanID: "old", Findings: fs, Summary: finding.Summarize(fs)}
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "baseline.json")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func checks(fs []finding.Finding) string {
	var s []string
	for _, f := range fs {
		s = append(s, f.CheckID+"/"+f.Resource.Name+"/"+string(f.Status))
	}
	return strings.Join(s, " ")
}

func TestFilterKeepsOnlyNew(t *testing.T) {
	b, err := Load(writeReport(t, []finding.Finding{
		f("MIN-01", "es01", finding.StatusFail, 3),
		f("BAS-01", "es01", finding.StatusWarn, 9),
		f("HTTPS-01", "es01", finding.StatusUnknown, 0),
		f("MIN-02", "es01", finding.StatusPass, 4),
		f("MIN-04", "es01", finding.StatusNotApplicable, 0),
	}))
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 3 || b.ScanID != "old" {
		t.Fatalf("baseline: %d known, scan %q", b.Len(), b.ScanID)
	}
	now := []finding.Finding{
		f("MIN-01", "es01", finding.StatusFail, 40),  // known, though it moved
		f("BAS-01", "es01", finding.StatusWarn, 9),   // known (was warn)
		f("HTTPS-01", "es01", finding.StatusFail, 0), // worse: was unknown
		f("MIN-02", "es01", finding.StatusFail, 4),   // regression: passed before
		f("MIN-01", "es02", finding.StatusFail, 3),   // new resource
		f("MIN-04", "es01", finding.StatusNotApplicable, 0),
		f("MIN-03", "es01", finding.StatusPass, 0),
	}
	kept, known := b.Split(now)
	if got, want := checks(kept), "HTTPS-01/es01/fail MIN-02/es01/fail MIN-01/es02/fail MIN-04/es01/not_applicable MIN-03/es01/pass"; got != want {
		t.Errorf("kept %s\nwant %s", got, want)
	}
	if got, want := checks(known), "MIN-01/es01/fail BAS-01/es01/warn"; got != want {
		t.Errorf("known %s\nwant %s", got, want)
	}
	if got := checks(b.Filter(now)); got != checks(kept) {
		t.Errorf("Filter %s, Split kept %s", got, checks(kept))
	}
	// Gating on the kept findings fails only on the new and worse ones.
	if s := finding.Summarize(kept); s.Fail != 3 {
		t.Errorf("summary after baseline %+v", s)
	}
}

func TestFingerprintComputedWhenMissing(t *testing.T) {
	old := f("MIN-01", "es01", finding.StatusFail, 3)
	old.Fingerprint = ""
	b, err := Load(writeReport(t, []finding.Finding{old}))
	if err != nil {
		t.Fatal(err)
	}
	if !b.Known(f("MIN-01", "es01", finding.StatusFail, 99)) {
		t.Errorf("a baseline finding without a fingerprint is not matched by identity")
	}
}

// TestLegacyFingerprintsStillMatch: a baseline written before fingerprints
// named the resource's file keeps its known problems known.
func TestLegacyFingerprintsStillMatch(t *testing.T) {
	now := f("HARD-11", "es01", finding.StatusFail, 3)
	now.Resource.File = "/etc/elasticsearch/elasticsearch.yml"
	now.Fingerprint = finding.ComputeFingerprint(now.CheckID, now.Deployment, now.Resource, now.Setting)
	old := now
	old.Fingerprint = finding.LegacyFingerprint(now)
	b, err := Load(writeReport(t, []finding.Finding{old}))
	if err != nil {
		t.Fatal(err)
	}
	if old.Fingerprint == now.Fingerprint || !b.Known(now) {
		t.Errorf("a problem of an older baseline is not known")
	}
	other := now
	other.CheckID, other.Fingerprint = "HARD-12", ""
	if b.Known(other) {
		t.Errorf("another check is known")
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o644)
		return p
	}
	tests := []struct {
		path, want string
	}{
		{write("sarif.json", `{"version":"2.1.0","runs":[]}`), "not an essec JSON report"},
		{write("junk.json", `<testsuites/>`), "not a JSON report"},
		{write("future.json", `{"schema_version": 9, "findings": []}`), "schema_version 9 is not supported"},
	}
	for _, tt := range tests {
		_, err := Load(tt.path)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.path) {
			t.Errorf("Load(%s) = %v, want %q with the path", filepath.Base(tt.path), err, tt.want)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestFixtureReportLoads(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "report", "fixture.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Report json.RawMessage `json:"report"`
	}
	if err := json.Unmarshal(data, &fx); err != nil {
		t.Fatal(err)
	}
	b, err := Read(strings.NewReader(string(fx.Report)))
	if err != nil {
		t.Fatal(err)
	}
	// 6 fail + 2 warn + 2 unknown + 2 waived fails.
	if b.Len() != 12 {
		t.Errorf("%d known problems in the fixture, want 12", b.Len())
	}
}

// The JSON report the CLI writes for testdata/demo loads as a baseline, and
// a run against itself leaves no problem to gate on.
func TestDemoReportAsBaseline(t *testing.T) {
	path := filepath.Join("..", "..", "testdata", "report", "demo-report.json")
	b, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	var rep finding.Report
	json.Unmarshal(data, &rep)
	kept := b.Filter(rep.Findings)
	if s := finding.Summarize(kept); s.Fail+s.Warn+s.Unknown != 0 || s.Pass != rep.Summary.Pass {
		t.Errorf("after the baseline of itself: %+v", s)
	}
}

// A baseline problem that passes now, or whose resource is gone, is fixed;
// one that still fails is not; another deployment's is left alone.
func TestFixed(t *testing.T) {
	mk := func(id, dep, name string, st finding.Status) finding.Finding {
		return finding.Finding{CheckID: id, Deployment: dep, Resource: finding.Resource{Kind: "node", Name: name}, Status: st}
	}
	var buf bytes.Buffer
	rep := finding.Report{SchemaVersion: 1, Findings: []finding.Finding{
		mk("MIN-01", "a", "es01", finding.StatusFail), mk("BAS-01", "a", "es01", finding.StatusFail),
		mk("BAS-01", "a", "es02", finding.StatusFail), mk("BAS-01", "b", "es01", finding.StatusFail),
	}}
	if err := json.NewEncoder(&buf).Encode(rep); err != nil {
		t.Fatal(err)
	}
	b, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	fixed := b.Fixed([]finding.Finding{mk("MIN-01", "a", "es01", finding.StatusPass), mk("BAS-01", "a", "es01", finding.StatusFail)}, []string{"a"})
	var got []string
	for _, f := range fixed {
		got = append(got, f.CheckID+"/"+f.Resource.Name)
	}
	if strings.Join(got, " ") != "BAS-01/es02 MIN-01/es01" {
		t.Errorf("fixed = %v, want BAS-01/es02 (gone) and MIN-01/es01 (passes)", got)
	}
}

// A known problem that got worse is no longer known: the baseline accepted
// what it was then (missing evidence, a warning), not a failure; one that
// got better or stayed the same is still known.
func TestWorseIsNotKnown(t *testing.T) {
	for _, tc := range []struct {
		was, now finding.Status
		known    bool
	}{
		{finding.StatusUnknown, finding.StatusFail, false},
		{finding.StatusUnknown, finding.StatusWarn, false},
		{finding.StatusWarn, finding.StatusFail, false},
		{finding.StatusUnknown, finding.StatusUnknown, true},
		{finding.StatusWarn, finding.StatusWarn, true},
		{finding.StatusFail, finding.StatusFail, true},
		{finding.StatusFail, finding.StatusWarn, true},
		{finding.StatusFail, finding.StatusUnknown, true},
		{finding.StatusWarn, finding.StatusUnknown, true},
	} {
		b, err := Load(writeReport(t, []finding.Finding{f("HARD-06", "es01", tc.was, 0)}))
		if err != nil {
			t.Fatal(err)
		}
		if got := b.Known(f("HARD-06", "es01", tc.now, 0)); got != tc.known {
			t.Errorf("%s in the baseline, %s now: known %v, want %v", tc.was, tc.now, got, tc.known)
		}
	}
}
