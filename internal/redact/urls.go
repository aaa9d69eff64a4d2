package redact

import "strings"

// URLPasswords finds URLs with a password in their user info
// ("scheme://user:password@host") anywhere in text, and returns the text
// with each password replaced by Mask, and the passwords found.
//
// People write passwords into URLs without percent-encoding them, so the
// password may hold any character: , space quotes / ? # and @ included. A
// URL's user info therefore runs from its "://" to the last "@" before the
// next URL of the text (lists are joined with ","), and the user name is
// what comes before the first ":" (a user name holds no ":" and no "/").
// Where a URL has no user info (http://host:9200/a@b), the text after the
// port may be masked: masking too much is the safe side.
func URLPasswords(text string) (string, []string) {
	var found []string
	var b strings.Builder
	rest := text
	for {
		i := strings.Index(rest, "://")
		if i < 0 {
			break
		}
		b.WriteString(rest[:i+3])
		rest = rest[i+3:]
		// The URL runs to the start of the next one (its scheme) or the end.
		end := len(rest)
		if j := strings.Index(rest, "://"); j >= 0 {
			end = schemeStart(rest, j)
		}
		at := strings.LastIndex(rest[:end], "@")
		if at < 0 {
			continue
		}
		colon := strings.IndexByte(rest[:at], ':')
		if colon < 0 || colon+1 >= at || strings.ContainsAny(rest[:colon], "/?# \t\"'[],") {
			continue
		}
		found = append(found, rest[colon+1:at])
		b.WriteString(rest[:colon+1] + Mask)
		rest = rest[at:]
	}
	b.WriteString(rest)
	return b.String(), found
}

// schemeStart walks back from the "://" at j over the scheme's characters
// (RFC 3986: letters, digits, + - .) to where the scheme begins.
func schemeStart(s string, j int) int {
	k := j
	for k > 0 {
		c := s[k-1]
		if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || c == '+' || c == '-' || c == '.' {
			k--
			continue
		}
		break
	}
	return k
}
