package finding

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
)

// ComputeFingerprint returns a stable hash of what identifies a finding: the
// check, the deployment, the resource's identity (kind, name, file,
// certificate sha256, endpoint) and the setting. Lines and messages are left
// out, so that moving a setting in a file does not make a new finding. Two
// findings of one report never share it as long as checks name their
// resources fully (a file named by two settings has two settings; two
// certificates with one subject have two sha256).
//
// Files are hashed as given: callers that know the deployment's root pass
// them relative to it (see Refingerprint), so that the fingerprint does not
// depend on where the auditing machine keeps the files.
func ComputeFingerprint(checkID, deployment string, r Resource, setting string) string {
	h := sha256.New()
	for _, part := range []string{checkID, deployment, r.Kind, r.Name, r.File, strings.ToLower(r.SHA256), r.Endpoint, setting} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// Fingerprint is the finding's fingerprint: the one it carries, or the one
// ComputeFingerprint gives (a report from an older essec). Reports,
// baselines and exports call it rather than hashing on their own.
func Fingerprint(f Finding) string {
	if f.Fingerprint != "" {
		return f.Fingerprint
	}
	return ComputeFingerprint(f.CheckID, f.Deployment, f.Resource, f.Setting)
}

// LegacyFingerprint is the fingerprint essec gave before it hashed the
// resource's file and certificate (SARIF essecFingerprint/v1): check,
// deployment, resource kind, name and endpoint, and setting. Baselines
// written by those versions still match through it.
func LegacyFingerprint(f Finding) string {
	h := sha256.New()
	for _, part := range []string{f.CheckID, f.Deployment, f.Resource.Kind, f.Resource.Name, f.Resource.Endpoint, f.Setting} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// Refingerprint sets the fingerprint of each finding with its file (and a
// resource name that is a path) taken relative to root, the directory the
// deployment's configuration lives in: the same deployment checked out at
// /home/a/repo and /builds/x/repo gets the same fingerprints. Files outside
// root (a host's /etc/ssl/...) are kept as they are.
func Refingerprint(fs []Finding, root string) {
	for i := range fs {
		r := fs[i].Resource
		r.Line = 0
		r.File = RelativeTo(root, r.File)
		r.Name = RelativeTo(root, r.Name)
		fs[i].Fingerprint = ComputeFingerprint(fs[i].CheckID, fs[i].Deployment, r, fs[i].Setting)
	}
}

// RelativeTo returns p relative to root, with forward slashes, when p is an
// absolute path under root; anything else is returned unchanged.
func RelativeTo(root, p string) string {
	if root == "" || p == "" || !filepath.IsAbs(p) {
		return p
	}
	rel, err := filepath.Rel(root, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return p
	}
	return filepath.ToSlash(rel)
}

// CommonDir returns the deepest directory that holds every one of dirs
// (absolute directory paths; others are ignored), or "" when there is none.
func CommonDir(dirs []string) string {
	common := ""
	for _, d := range dirs {
		if d == "" || !filepath.IsAbs(d) {
			continue
		}
		d = filepath.Clean(d)
		if common == "" {
			common = d
			continue
		}
		for !within(common, d) {
			parent := filepath.Dir(common)
			if parent == common {
				break
			}
			common = parent
		}
	}
	return common
}

// within reports whether p is dir or below it.
func within(dir, p string) bool {
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}
