package esconfig

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/essec-dev/essec/internal/inventory"
)

// jarRE matches the server jar of an installation (elasticsearch-8.15.1.jar,
// elasticsearch-9.0.0-SNAPSHOT.jar) and not its siblings
// (elasticsearch-x-content-8.15.1.jar).
var jarRE = regexp.MustCompile(`^elasticsearch-(\d+\.\d+\.\d+)(?:-[0-9A-Za-z.]+)?\.jar$`)

// libDirs lists where an installation's lib directory may be, given its
// config directory: the archive and Docker layouts (<home>/config next to
// <home>/lib), $ES_HOME, and the package layout (/etc/elasticsearch with
// /usr/share/elasticsearch).
func libDirs(configDir string, env func(string) (string, bool)) []string {
	dirs := []string{filepath.Join(configDir, "..", "lib")}
	if home, ok := env("ES_HOME"); ok && home != "" {
		dirs = append(dirs, filepath.Join(home, "lib"))
	}
	if filepath.Clean(configDir) == "/etc/elasticsearch" {
		dirs = append(dirs, "/usr/share/elasticsearch/lib")
	}
	return dirs
}

// detectVersion returns the version of the first lib directory that holds
// exactly one server jar version.
func detectVersion(configDir string, env func(string) (string, bool)) (string, []inventory.CollectionError) {
	var problems []inventory.CollectionError
	for _, dir := range libDirs(configDir, env) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		seen := map[string]bool{}
		for _, e := range entries {
			if m := jarRE.FindStringSubmatch(e.Name()); m != nil {
				seen[m[1]] = true
			}
		}
		switch len(seen) {
		case 0:
			continue
		case 1:
			for v := range seen {
				return v, problems
			}
		default:
			versions := make([]string, 0, len(seen))
			for v := range seen {
				versions = append(versions, v)
			}
			sort.Strings(versions)
			problems = append(problems, inventory.CollectionError{Source: Source, File: dir,
				Message: fmt.Sprintf("several Elasticsearch versions in %s (%v): version not detected", dir, versions)})
		}
	}
	return "", problems
}
