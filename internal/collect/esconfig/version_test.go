package esconfig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/collect/collecttest"
)

func TestDetectVersion(t *testing.T) {
	tests := []struct {
		name    string
		jars    []string
		want    string
		problem string
	}{
		{"release", []string{"elasticsearch-7.17.22.jar", "elasticsearch-core-7.17.22.jar"}, "7.17.22", ""},
		{"snapshot", []string{"elasticsearch-9.1.0-SNAPSHOT.jar"}, "9.1.0", ""},
		{"siblings only", []string{"elasticsearch-x-content-8.15.1.jar", "elasticsearch-cli-8.15.1.jar"}, "", ""},
		{"no lib", nil, "", ""},
		{"two versions", []string{"elasticsearch-8.15.1.jar", "elasticsearch-8.14.0.jar"}, "", "several Elasticsearch versions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			config := filepath.Join(home, "config")
			files := map[string]string{"config/elasticsearch.yml": ""}
			for _, j := range tt.jars {
				files["lib/"+j] = ""
			}
			collecttest.WriteFiles(t, home, 0o640, files)
			got, problems := detectVersion(config, noEnv)
			if got != tt.want {
				t.Errorf("version = %q, want %q", got, tt.want)
			}
			if tt.problem == "" && len(problems) != 0 || tt.problem != "" && (len(problems) != 1 || !strings.Contains(problems[0].Message, tt.problem)) {
				t.Errorf("problems = %+v", problems)
			}
		})
	}
}

func TestDetectVersionESHome(t *testing.T) {
	home := t.TempDir()
	collecttest.WriteFiles(t, home, 0o640, map[string]string{"lib/elasticsearch-8.19.2.jar": ""})
	config := t.TempDir()
	if err := os.WriteFile(filepath.Join(config, "elasticsearch.yml"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	got, _ := detectVersion(config, func(k string) (string, bool) { return home, k == "ES_HOME" })
	if got != "8.19.2" {
		t.Errorf("version = %q", got)
	}
}
