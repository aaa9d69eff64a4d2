// Package baseline gates an audit on what is new since a previous JSON
// report: known problems are set aside so that a team adopting essec on an
// existing fleet fails CI only on what gets worse.
//
// A finding is known when the baseline report held a fail, warn or unknown
// finding with the same fingerprint (check, deployment, resource, setting;
// never the line) and a status at least as bad (fail, then warn, then
// unknown). Known findings are dropped from the report and from the gate.
// Everything else is kept: new problems, regressions (a check that passed
// in the baseline and fails now: its fingerprint was no problem then, and
// a problem that got worse: unknown then, when the evidence was missing,
// and fail now; warn then and fail now), and passes and not-applicable
// findings, which gate nothing and give the report its context. Make the baseline from a run without --baseline, or the debt it
// hid is forgotten.
package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/essec-dev/essec/internal/boundedfile"
	"github.com/essec-dev/essec/internal/finding"
)

// Baseline is the set of known problems of a previous report.
type Baseline struct {
	// Path is where the baseline was read from.
	Path string
	// GeneratedAt and ScanID identify the baseline run.
	GeneratedAt string
	ScanID      string
	known       map[string]finding.Status
	// problems are the baseline's problem findings, by fingerprint, to
	// report the ones that were fixed since.
	problems map[string]finding.Finding
}

// Load reads a JSON report written by essec audit --format json.
func Load(path string) (*Baseline, error) {
	data, err := boundedfile.Read(path, boundedfile.Report)
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	b, err := Read(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read baseline %s: %w", path, err)
	}
	b.Path = path
	return b, nil
}

// Read decodes a JSON report.
func Read(r io.Reader) (*Baseline, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var probe struct {
		SchemaVersion *int             `json:"schema_version"`
		Findings      *json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("not a JSON report: %w", err)
	}
	if probe.SchemaVersion == nil || probe.Findings == nil {
		return nil, errors.New("not an essec JSON report: schema_version or findings missing (write one with --format json)")
	}
	if v := *probe.SchemaVersion; v < 1 || v > finding.SchemaVersion {
		return nil, fmt.Errorf("report schema_version %d is not supported (this essec reads 1..%d)", v, finding.SchemaVersion)
	}
	var rep finding.Report
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&rep); err != nil {
		return nil, fmt.Errorf("decode report: %w", err)
	}
	b := &Baseline{GeneratedAt: rep.GeneratedAt, ScanID: rep.ScanID, known: map[string]finding.Status{}, problems: map[string]finding.Finding{}}
	for _, f := range rep.Findings {
		if problem(f.Status) {
			b.known[finding.Fingerprint(f)] = f.Status
			b.problems[finding.Fingerprint(f)] = f
		}
	}
	return b, nil
}

// Len is the number of known problems.
func (b *Baseline) Len() int { return len(b.known) }

// Known reports whether f was already a problem in the baseline, at least
// as bad as it is now.
func (b *Baseline) Known(f finding.Finding) bool {
	was, ok := b.known[finding.Fingerprint(f)]
	if !ok {
		// A baseline written before fingerprints named files and certificates.
		was, ok = b.known[finding.LegacyFingerprint(f)]
	}
	return ok && badness(f.Status) <= badness(was)
}

// badness orders the problem statuses for the baseline: a finding known as
// unknown (its evidence was missing) that now fails is no known problem but
// a regression the gate must see.
func badness(s finding.Status) int {
	switch s {
	case finding.StatusFail:
		return 3
	case finding.StatusWarn:
		return 2
	case finding.StatusUnknown:
		return 1
	}
	return 0
}

// Filter returns the findings to report and gate on: all but the known
// problems, in order.
func (b *Baseline) Filter(fs []finding.Finding) []finding.Finding {
	kept, _ := b.Split(fs)
	return kept
}

// Split separates the findings to report from the known problems, so the
// caller can say how many the baseline set aside.
func (b *Baseline) Split(fs []finding.Finding) (kept, known []finding.Finding) {
	kept = make([]finding.Finding, 0, len(fs))
	for _, f := range fs {
		if b.Known(f) {
			known = append(known, f)
			continue
		}
		kept = append(kept, f)
	}
	return kept, known
}

// Fixed returns the baseline's problems that are problems no more: the
// current run has their fingerprint as a pass or not applicable, or no
// longer has them at all (a resource removed). Only deployments the current
// run audited count, so auditing one deployment of a fleet does not call the
// others fixed.
func (b *Baseline) Fixed(current []finding.Finding, deployments []string) []finding.Finding {
	audited := map[string]bool{}
	for _, d := range deployments {
		audited[d] = true
	}
	now := map[string]bool{}
	for _, f := range current {
		if problem(f.Status) {
			now[finding.Fingerprint(f)] = true
			now[finding.LegacyFingerprint(f)] = true
		}
	}
	var fixed []finding.Finding
	for fp, f := range b.problems {
		if audited[f.Deployment] && !now[fp] {
			fixed = append(fixed, f)
		}
	}
	sort.Slice(fixed, func(i, j int) bool {
		if fixed[i].CheckID != fixed[j].CheckID {
			return fixed[i].CheckID < fixed[j].CheckID
		}
		return finding.Fingerprint(fixed[i]) < finding.Fingerprint(fixed[j])
	})
	return fixed
}

func problem(s finding.Status) bool {
	return s == finding.StatusFail || s == finding.StatusWarn || s == finding.StatusUnknown
}
