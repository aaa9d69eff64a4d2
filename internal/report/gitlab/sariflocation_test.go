package gitlab_test

import (
	"testing"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/report/gitlab"
	"github.com/essec-dev/essec/internal/report/sarif"
)

// TestLiveLocationsMatchSARIF: a finding with no file (live evidence) is
// located at the same virtual path in the GitLab report as in SARIF, for a
// named node, the cluster, a resource without a name and odd characters.
func TestLiveLocationsMatchSARIF(t *testing.T) {
	resources := []finding.Resource{
		{Kind: "node", Name: "es02", Endpoint: "https://es02:9200"},
		{Kind: "cluster", Name: "prod", Endpoint: "https://es:9200"},
		{Kind: "cluster", Endpoint: "https://es:9200/_security/user"},
		{Kind: "", Name: ""},
		{Kind: "kibana", Name: "kb 01/edge"},
	}
	var fs []finding.Finding
	for i, res := range resources {
		fs = append(fs, finding.Finding{CheckID: "MIN-0" + string(rune('1'+i)), Title: "T", Severity: finding.SeverityHigh,
			Status: finding.StatusFail, Deployment: "prod", Resource: res})
	}
	r := &finding.Report{ScanID: "s", Findings: fs}
	gl := gitlab.Build(r, gitlab.Options{BaseDir: "/repo"}).Vulnerabilities
	sr := sarif.Build(r, sarif.Options{BaseDir: "/repo"}).Runs[0].Results
	if len(gl) != len(fs) || len(sr) != len(fs) {
		t.Fatalf("%d gitlab and %d sarif results for %d findings", len(gl), len(sr), len(fs))
	}
	want := []string{"essec/prod/es02/node", "essec/prod/prod/cluster", "essec/prod/prod/cluster", "essec/prod/prod/cluster", "essec/prod/kb%2001%2Fedge/kibana"}
	for i := range fs {
		g := gl[i].Location.File
		s := sr[i].Locations[0].PhysicalLocation.ArtifactLocation.URI
		if g != s || g != want[i] {
			t.Errorf("%+v: gitlab %q, sarif %q, want both %q", fs[i].Resource, g, s, want[i])
		}
	}
}
