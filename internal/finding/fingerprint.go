package finding

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"slices"
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
	return hashParts(checkID, deployment, r.Kind, r.Name, r.File, strings.ToLower(r.SHA256), r.Endpoint, setting)
}

// hashParts is the first half of the SHA-256 of the parts, each followed by
// a zero byte, in hex: 32 characters. A report holds one per finding, so
// it is hashed from one buffer and encoded without a longer string cut
// short.
func hashParts(parts ...string) string {
	var stack [512]byte
	buf := stack[:0]
	for _, p := range parts {
		buf = append(buf, p...)
		buf = append(buf, 0)
	}
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:16])
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
	return hashParts(f.CheckID, f.Deployment, f.Resource.Kind, f.Resource.Name, f.Resource.Endpoint, f.Setting)
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

// SortByFingerprint orders fs by fingerprint, keeping the order of equal
// ones. It sorts indexes and then moves each finding once into place: a
// finding is too big to move around cheaply in a sort, a check may judge
// thousands of resources, and a copy of them all would hold them twice.
func SortByFingerprint(fs []Finding) {
	order := make([]int, len(fs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(fs[a].Fingerprint, fs[b].Fingerprint) })
	// Position i takes the finding at order[i]: follow each cycle of the
	// permutation, parking one finding aside.
	for i := range order {
		if order[i] == i || order[i] < 0 {
			continue
		}
		parked := fs[i]
		j := i
		for order[j] != i {
			fs[j] = fs[order[j]]
			next := order[j]
			order[j] = -1
			j = next
		}
		fs[j] = parked
		order[j] = -1
	}
}
