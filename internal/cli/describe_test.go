package cli

import (
	"testing"

	"github.com/essec-dev/essec/internal/target"
)

// A deployment given on the command line is named by what was given: its
// paths, or the endpoint flag, never a flag the user did not pass.
func TestDescribeDeploymentNamesWhatWasGiven(t *testing.T) {
	for _, c := range []struct {
		dep  target.Deployment
		want string
	}{
		{target.Deployment{Name: "prod", Paths: []string{"/etc/elasticsearch"}}, "deployment prod"},
		{target.Deployment{Paths: []string{"/etc/elasticsearch", "/etc/kibana"}, URLs: []string{"https://es:9200"}}, "/etc/elasticsearch, /etc/kibana"},
		{target.Deployment{URLs: []string{"https://es:9200"}}, "--url"},
		{target.Deployment{KibanaURLs: []string{"https://kb:5601"}}, "--kibana-url"},
	} {
		if got := describeDeployment(c.dep); got != c.want {
			t.Errorf("describeDeployment(%+v) = %q, want %q", c.dep, got, c.want)
		}
	}
}
