package esconfig

import (
	"errors"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/essec-dev/essec/internal/boundedfile"
	"github.com/essec-dev/essec/internal/inventory"
)

// jvmLineRE is a jvm.options line as Elasticsearch's JvmOptionsParser reads
// it: an option, optionally behind a JVM version or range ("17-:", "8:",
// "9-11:").
var jvmLineRE = regexp.MustCompile(`^(?:\d+(?:-\d*)?:)?(-.*)$`)

// jvmOptions returns the -D options of <dir>/jvm.options and
// <dir>/jvm.options.d/*.options (in the order Elasticsearch applies them),
// the option files that exist, and problems with those files. The JVM
// version is not known here, so options behind a version range are all kept.
func jvmOptions(dir string) (opts, files []string, problems []inventory.CollectionError) {
	candidates := []string{filepath.Join(dir, "jvm.options")}
	extra, err := filepath.Glob(filepath.Join(dir, "jvm.options.d", "*.options"))
	if err == nil {
		sort.Strings(extra)
		candidates = append(candidates, extra...)
	}
	for _, file := range candidates {
		data, err := boundedfile.Read(file, boundedfile.JVMOptions)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		files = append(files, file)
		if err != nil {
			problems = append(problems, inventory.CollectionError{Source: Source, File: file,
				Message: "read JVM options: " + boundedfile.Reason(err)})
			continue
		}
		o, p := parseJVMOptions(file, string(data))
		opts = append(opts, o...)
		problems = append(problems, p...)
	}
	return opts, files, problems
}

// parseJVMOptions returns the -D options of one file. A line that is not an
// option makes Elasticsearch refuse to start; it is reported without its
// text (it could hold a password).
func parseJVMOptions(file, text string) (opts []string, problems []inventory.CollectionError) {
	for i, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := jvmLineRE.FindStringSubmatch(line)
		if m == nil {
			problems = append(problems, inventory.CollectionError{Source: Source, File: file, Line: i + 1,
				Message: "not a JVM option: Elasticsearch refuses to start with this line"})
			continue
		}
		if strings.HasPrefix(m[1], "-D") {
			opts = append(opts, m[1])
		}
	}
	return opts, problems
}
