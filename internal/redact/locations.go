package redact

import "strings"

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
	seen := map[string]struct{}{}
	var words []string
	for _, loc := range locs {
		if _, ok := seen[loc]; ok || len(loc) < minUnambiguous {
			continue
		}
		seen[loc] = struct{}{}
		words = append(words, locationFragments(loc)...)
	}
	s.Protect(words...)
}

// locationFragments are loc and every substring of it that starts at its
// start or after a separator and ends at its end or before one, at least
// minUnambiguous bytes long.
func locationFragments(loc string) []string {
	starts := []int{0}
	ends := []int{}
	for i := 0; i < len(loc); i++ {
		if strings.IndexByte(locationSeparators, loc[i]) >= 0 {
			ends = append(ends, i)
			starts = append(starts, i+1)
		}
	}
	ends = append(ends, len(loc))
	var out []string
	for _, a := range starts {
		for _, b := range ends {
			if b-a >= minUnambiguous {
				out = append(out, loc[a:b])
			}
		}
	}
	return out
}
