package policy

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/essec-dev/essec/internal/finding"
)

// ChecksRoot is the package prefix under which every check lives.
const ChecksRoot = "essec.checks"

// Check is one check's metadata, read from its package's METADATA block.
type Check struct {
	ID              string           `json:"id"`
	Title           string           `json:"title"`
	Description     string           `json:"description"`
	Level           finding.Level    `json:"level"`
	Severity        finding.Severity `json:"severity"`
	Component       string           `json:"component"`
	Remediation     string           `json:"remediation,omitempty"`
	RemediationText string           `json:"remediation_text"`
	Requires        []string         `json:"requires"`
	References      []string         `json:"references"`
	Package         string           `json:"package"`
	File            string           `json:"file"`
	path            []string
}

var idPattern = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$`)

// readChecks reads the package-scope METADATA of every check package.
func readChecks(as *ast.AnnotationSet) ([]Check, error) {
	var checks []Check
	var errs []string
	seen := map[string]string{}
	for _, ref := range as.Flatten() {
		a := ref.Annotations
		if a == nil || a.Scope != "package" {
			continue
		}
		pkg := strings.TrimPrefix(ref.GetPackage().Path.String(), "data.")
		if !strings.HasPrefix(pkg, ChecksRoot+".") {
			continue
		}
		chk, err := checkFromAnnotations(pkg, a)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if prev, dup := seen[chk.ID]; dup {
			errs = append(errs, fmt.Sprintf("%s: check id %s is already used by %s", chk.File, chk.ID, prev))
			continue
		}
		seen[chk.ID] = chk.File
		checks = append(checks, chk)
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return nil, fmt.Errorf("invalid check metadata:\n%s", strings.Join(errs, "\n"))
	}
	sort.Slice(checks, func(i, j int) bool { return lessID(checks[i].ID, checks[j].ID) })
	return checks, nil
}

func checkFromAnnotations(pkg string, a *ast.Annotations) (Check, error) {
	file := ""
	if a.Location != nil {
		file = a.Location.File
	}
	str := func(k string) string { s, _ := a.Custom[k].(string); return s }
	chk := Check{
		ID:              str("id"),
		Title:           a.Title,
		Description:     strings.TrimSpace(a.Description),
		Level:           finding.Level(str("level")),
		Severity:        finding.Severity(str("severity")),
		Component:       str("component"),
		Remediation:     str("remediation"),
		RemediationText: strings.TrimSpace(str("remediation_text")),
		Requires:        strList(a.Custom["requires"]),
		References:      strList(a.Custom["references"]),
		Package:         pkg,
		File:            file,
		path:            strings.Split(strings.TrimPrefix(pkg, ChecksRoot+"."), "."),
	}
	var problems []string
	if !idPattern.MatchString(chk.ID) {
		problems = append(problems, fmt.Sprintf("custom.id %q is not an id like MIN-01", chk.ID))
	}
	if chk.Title == "" {
		problems = append(problems, "title is missing")
	}
	if !chk.Level.Valid() {
		problems = append(problems, fmt.Sprintf("custom.level %q is not one of %v", chk.Level, finding.Levels))
	}
	if chk.Severity.Rank() == 0 {
		problems = append(problems, fmt.Sprintf("custom.severity %q is not critical, high, medium or low", chk.Severity))
	}
	if chk.Component != "elasticsearch" && chk.Component != "kibana" {
		problems = append(problems, fmt.Sprintf("custom.component %q is not elasticsearch or kibana", chk.Component))
	}
	if chk.RemediationText == "" {
		problems = append(problems, "custom.remediation_text is missing")
	}
	if len(problems) > 0 {
		return chk, fmt.Errorf("%s (package %s): %s", file, pkg, strings.Join(problems, "; "))
	}
	return chk, nil
}

func strList(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// lessID orders ids by the catalogue's order of areas, then by number.
func lessID(a, b string) bool {
	ra, rb := areaRank(a), areaRank(b)
	if ra != rb {
		return ra < rb
	}
	return a < b
}

var areaOrder = []string{"MIN-", "BAS-", "HTTPS-", "KIB-", "AUTO-", "HARD-", "DRIFT-"}

func areaRank(id string) int {
	for i, p := range areaOrder {
		if strings.HasPrefix(id, p) {
			return i
		}
	}
	return len(areaOrder)
}
