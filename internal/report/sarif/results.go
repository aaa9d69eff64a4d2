package sarif

import (
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/essec-dev/essec/internal/finding"
)

func result(f finding.Finding, index map[string]int, opts Options) *sarif.Result {
	res := sarif.NewRuleResult(f.CheckID).WithRuleIndex(index[f.CheckID])
	res.WithLevel(resultLevel(f))
	res.WithMessage(sarif.NewTextMessage(messageText(f)))
	res.AddLocation(location(f, opts.BaseDir))
	res.WithPartialFingerprints(map[string]string{FingerprintKey: finding.Fingerprint(f)})
	if f.Suppressed {
		s := sarif.NewSuppression().WithKind("external").WithStatus("accepted")
		if f.Waiver != nil {
			s.WithJustification(f.Waiver.Reason)
		}
		res.AddSuppression(s)
	}
	return res
}

// resultLevel follows the severity; a warning never becomes an error
// because the finding meets its level.
func resultLevel(f finding.Finding) string {
	l := level(f.Severity)
	if f.Status == finding.StatusWarn && l == sarif.LevelError {
		return sarif.LevelWarning
	}
	return l
}

// messageText makes the alert title the first sentence: GitHub shows only
// the first sentence where space is short.
func messageText(f finding.Finding) string {
	title := strings.TrimRight(f.Title, ". ")
	if title == "" {
		title = f.CheckID
	}
	if f.Message == "" {
		return title + "."
	}
	return title + ". " + f.Message
}

// location is the file and line for file evidence, and a stable virtual
// path for live evidence, always with a start line (GitHub requires one).
func location(f finding.Finding, baseDir string) *sarif.Location {
	uri, line := liveURI(f), 1
	if f.Resource.File != "" {
		uri = fileURI(f.Resource.File, baseDir)
		if f.Resource.Line > 0 {
			line = f.Resource.Line
		}
	}
	region := sarif.NewRegion().WithStartLine(line)
	phys := sarif.NewPhysicalLocation().
		WithArtifactLocation(sarif.NewSimpleArtifactLocation(uri)).
		WithRegion(region)
	return sarif.NewLocationWithPhysicalLocation(phys)
}

// liveURI names a resource seen through the API or a probe:
// essec/<deployment>/<resource name>/<resource kind>.
func liveURI(f finding.Finding) string {
	name := f.Resource.Name
	if name == "" {
		name = f.Deployment
	}
	kind := f.Resource.Kind
	if kind == "" {
		kind = "cluster"
	}
	parts := []string{"essec", f.Deployment, name, kind}
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// fileURI is relative to baseDir when the file is under it, else an
// absolute file URI. Relative paths in findings are kept relative.
func fileURI(file, baseDir string) string {
	if !filepath.IsAbs(file) {
		return relURI(filepath.ToSlash(filepath.Clean(file)))
	}
	if baseDir != "" {
		if rel, err := filepath.Rel(filepath.Clean(baseDir), filepath.Clean(file)); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return relURI(filepath.ToSlash(rel))
		}
	}
	p := filepath.ToSlash(filepath.Clean(file))
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive path: file:///C:/...
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

func relURI(p string) string {
	p = path.Clean(p)
	return (&url.URL{Path: p}).String()
}
