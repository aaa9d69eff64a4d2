package kibanaconfig

import (
	"encoding/json"
	"path/filepath"
	"regexp"

	"github.com/essec-dev/essec/internal/boundedfile"
)

// versionRE is a release version, optionally with a qualifier.
var versionRE = regexp.MustCompile(`^(\d+\.\d+\.\d+)(?:-[0-9A-Za-z.]+)?$`)

// detectVersion reads the version from the package.json at the root of the
// installation (<home>/config next to <home>/package.json, or the package
// layout /etc/kibana with /usr/share/kibana).
func detectVersion(configDir string) string {
	candidates := []string{filepath.Join(configDir, "..", "package.json")}
	if filepath.Clean(configDir) == "/etc/kibana" {
		candidates = append(candidates, "/usr/share/kibana/package.json")
	}
	for _, p := range candidates {
		if v := packageVersion(p); v != "" {
			return v
		}
	}
	return ""
}

// packageVersion returns the version of a Kibana package.json, or "".
func packageVersion(path string) string {
	data, err := boundedfile.Read(path, boundedfile.Metadata)
	if err != nil {
		return ""
	}
	var pkg struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	if err := json.Unmarshal(data, &pkg); err != nil || pkg.Name != "kibana" {
		return ""
	}
	if m := versionRE.FindStringSubmatch(pkg.Version); m != nil {
		return m[1]
	}
	return ""
}
