package redact

import (
	"iter"
	"strings"
)

// locationSeparators split a file path or an endpoint into the fragments a
// secret could be equal to: path components (either slash), and the host,
// port, user, query names and values of a URL.
const locationSeparators = `/\:?&=#@`

// ProtectLocations protects file paths and endpoints of a report (its
// findings' files and endpoints, its errors', the files read and the
// endpoints asked) and every fragment of them a secret could equal: each
// stretch between two separators (a directory name, "certs/http.p12", a
// host, "es01:9200"). A secret that happens to name a directory must not
// turn a path into "[REDACTED]/elasticsearch.yml". Fragments shorter than
// the shortest secret the scrub replaces cannot be one and are skipped.
func (s *Secrets) ProtectLocations(locs ...string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[string]struct{}{}
	for _, loc := range locs {
		if _, ok := seen[loc]; ok || len(loc) < minUnambiguous {
			continue
		}
		seen[loc] = struct{}{}
		for f := range locationFragments(loc) {
			s.protect(f, len(locs))
		}
	}
}

// locationFragments yields loc and every substring of it that starts at
// its start or after a separator and ends at its end or before one, at
// least minUnambiguous bytes long.
func locationFragments(loc string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for a := 0; a <= len(loc); a++ {
			if a > 0 && !isLocationSeparator(loc[a-1]) {
				continue
			}
			for b := a + minUnambiguous; b <= len(loc); b++ {
				if b < len(loc) && !isLocationSeparator(loc[b]) {
					continue
				}
				if !yield(loc[a:b]) {
					return
				}
			}
		}
	}
}

func isLocationSeparator(c byte) bool { return strings.IndexByte(locationSeparators, c) >= 0 }
