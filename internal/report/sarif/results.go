package sarif

import (
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"github.com/essec-dev/essec/internal/finding"
)

func result(f finding.Finding, index map[string]int, opts Options) Result {
	res := Result{
		RuleID:              f.CheckID,
		RuleIndex:           index[f.CheckID],
		Level:               resultLevel(f),
		Message:             Message{Text: messageText(f)},
		Locations:           []Location{location(f, opts.BaseDir)},
		PartialFingerprints: map[string]string{FingerprintKey: finding.Fingerprint(f)},
		Properties:          &ResultProperties{Deployment: f.Deployment, Resource: strings.TrimSpace(f.Resource.Kind + " " + f.Resource.Name), Status: string(f.Status)},
	}
	if f.Suppressed {
		s := Suppression{Kind: "external", Status: "accepted"}
		if f.Waiver != nil {
			s.Justification = f.Waiver.Reason
		}
		res.Suppressions = []Suppression{s}
	}
	return res
}

// resultLevel follows the severity; a warning never becomes an error
// because the finding meets its level.
func resultLevel(f finding.Finding) string {
	l := level(f.Severity)
	if f.Status == finding.StatusWarn && l == LevelError {
		return LevelWarning
	}
	return l
}

// messageText states the problem found (the finding's message, which names
// the observed and the expected value), not the check's desired state; the
// title is the rule's short description.
func messageText(f finding.Finding) string {
	if m := strings.TrimSpace(f.Message); m != "" {
		return m
	}
	if f.Title != "" {
		return f.Title
	}
	return f.CheckID
}

// location is the file and line for file evidence, and a stable virtual
// path for live evidence, always with a start line (GitHub requires one).
func location(f finding.Finding, baseDir string) Location {
	art, line := ArtifactLocation{URI: f.VirtualPath()}, 1
	if f.Resource.File != "" {
		art = fileLocation(f.Resource.File, baseDir)
		if f.Resource.Line > 0 {
			line = f.Resource.Line
		}
	}
	return Location{PhysicalLocation: PhysicalLocation{ArtifactLocation: art, Region: &Region{StartLine: line}}}
}

// fileLocation is relative to baseDir (with uriBaseId %SRCROOT%) when the
// file is under it, else an absolute file URI. Relative paths in findings
// are relative to the working directory and kept so.
func fileLocation(file, baseDir string) ArtifactLocation {
	if !filepath.IsAbs(file) {
		return ArtifactLocation{URI: relURI(filepath.ToSlash(filepath.Clean(file)))}
	}
	if baseDir != "" {
		if rel, err := filepath.Rel(filepath.Clean(baseDir), filepath.Clean(file)); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return ArtifactLocation{URI: relURI(filepath.ToSlash(rel)), URIBaseID: SrcRoot}
		}
	}
	p := filepath.ToSlash(filepath.Clean(file))
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive path: file:///C:/...
	}
	return ArtifactLocation{URI: (&url.URL{Scheme: "file", Path: p}).String()}
}

func relURI(p string) string {
	p = path.Clean(p)
	return (&url.URL{Path: p}).String()
}
