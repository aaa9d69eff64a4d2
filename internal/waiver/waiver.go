// Package waiver reads .essecignore.yaml, the operator's list of accepted
// risks, and marks the findings it covers as waived until each waiver
// expires.
//
// The file holds a list under "waivers" (a bare list works too):
//
//	waivers:
//	  - check: KIB-01                # required, a catalogue id
//	    deployment: prod-*           # optional glob on the deployment name
//	    resource: kb01               # optional glob on the resource name
//	    setting: xpack.security.*    # optional glob on the setting
//	    reason: sessions are not persisted until the Q3 migration   # required
//	    expires: 2025-09-30          # optional; the waiver holds through that day (UTC)
//	    owner: platform-team         # optional
//
// A waiver covers fail, warn and unknown findings; passes and not-applicable
// findings need none. A waived finding keeps its status and is marked
// Suppressed, so it shows in every report but gates nothing. An expired
// waiver covers nothing and is returned by Apply so that it is reported.
package waiver

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/essec-dev/essec/internal/finding"
)

// DefaultFile is the waiver file essec looks for in the working directory.
const DefaultFile = ".essecignore.yaml"

// Entry is one waiver.
type Entry struct {
	Check      string
	Deployment string
	Resource   string
	Setting    string
	Reason     string
	Owner      string
	// Expires is the last day the waiver holds, as written (YYYY-MM-DD).
	Expires string
	// File and Line say where the entry is, for messages.
	File string
	Line int

	until time.Time // first instant the waiver no longer holds; zero: never
}

// Expired reports whether the entry no longer holds at now.
func (e Entry) Expired(now time.Time) bool {
	return !e.until.IsZero() && !now.Before(e.until)
}

// Matches reports whether the entry names f, regardless of expiry.
func (e Entry) Matches(f finding.Finding) bool {
	return strings.EqualFold(e.Check, f.CheckID) &&
		glob(e.Deployment, f.Deployment) &&
		glob(e.Resource, f.Resource.Name) &&
		glob(e.Setting, f.Setting)
}

func glob(pattern, s string) bool {
	if pattern == "" {
		return true
	}
	ok, _ := path.Match(pattern, s) // patterns are validated on load
	return ok
}

// Set is a loaded waiver file.
type Set struct {
	Entries []Entry
}

// Expired is a waiver past its date, with the findings it would have
// covered, now active again.
type Expired struct {
	Entry
	Reactivated int
}

// Warning is a one-line message for people: what expired and what it means.
func (e Expired) Warning() string {
	scope := e.Check
	var parts []string
	for _, p := range [][2]string{{"deployment", e.Deployment}, {"resource", e.Resource}, {"setting", e.Setting}} {
		if p[1] != "" {
			parts = append(parts, p[0]+" "+p[1])
		}
	}
	if len(parts) > 0 {
		scope += " (" + strings.Join(parts, ", ") + ")"
	}
	msg := fmt.Sprintf("waiver for %s expired on %s", scope, e.Expires)
	if e.Owner != "" {
		msg += ", owner " + e.Owner
	}
	switch e.Reactivated {
	case 0:
		msg += "; it matches no finding: remove it"
	case 1:
		msg += "; 1 finding counts again: fix it, or renew the waiver"
	default:
		msg += fmt.Sprintf("; %d findings count again: fix them, or renew the waiver", e.Reactivated)
	}
	return msg
}

// ReportError is the warning as a report error, so that every format shows
// it (table, JSON, SARIF notifications, JUnit system-err, HTML).
func (e Expired) ReportError() finding.Error {
	return finding.Error{Source: "waiver", File: e.File, Line: e.Line, Message: e.Warning()}
}

// Apply returns a copy of fs in which every fail, warn or unknown finding
// covered by a waiver that holds at now is Suppressed with its Waiver set
// (the first matching entry wins). It also returns the expired entries, in
// file order, each with the number of findings it would have covered.
func (s *Set) Apply(fs []finding.Finding, now time.Time) ([]finding.Finding, []Expired) {
	out := make([]finding.Finding, len(fs))
	copy(out, fs)
	var expired []Expired
	for _, e := range s.Entries {
		if e.Expired(now) {
			expired = append(expired, Expired{Entry: e})
		}
	}
	for i := range out {
		f := &out[i]
		if !waivable(f.Status) || f.Suppressed {
			continue
		}
		if e, ok := s.holding(*f, now); ok {
			f.Suppressed = true
			f.Waiver = &finding.Waiver{Reason: e.Reason, Owner: e.Owner, Expires: e.Expires}
			continue
		}
		for j := range expired {
			if expired[j].Matches(*f) {
				expired[j].Reactivated++
			}
		}
	}
	return out, expired
}

func waivable(s finding.Status) bool {
	return s == finding.StatusFail || s == finding.StatusWarn || s == finding.StatusUnknown
}

// holding is the first entry that covers f and has not expired.
func (s *Set) holding(f finding.Finding, now time.Time) (Entry, bool) {
	for _, e := range s.Entries {
		if e.Matches(f) && !e.Expired(now) {
			return e, true
		}
	}
	return Entry{}, false
}
