// Package audit is the runner between collection and reports: it evaluates
// each deployment's document with the prepared engine, grades the levels and
// assembles the report.
package audit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/policy"
)

// Options select checks and name the run.
type Options struct {
	Tool        finding.Tool
	TargetLevel finding.Level
	FailOn      finding.Severity
	Now         time.Time
	// Selected limits the checks by id (nil: all).
	Selected func(id string) bool
	// Rules is the catalogue shown in reports.
	Rules []finding.Rule
	// NotAudited are deployments that could not be collected at all. They
	// stay in the report with unknown levels and their reason.
	NotAudited []NotAudited
}

// NotAudited is a deployment whose collection yielded nothing.
type NotAudited struct {
	Name string
	// TargetLevel is the level it is held to ("" : the run's).
	TargetLevel finding.Level
	Reason      string
	// Errors are what the collection recorded (already scrubbed).
	Errors []finding.Error
}

// Evaluate judges every document. Documents are converted to OPA values once
// and evaluated concurrently with the one prepared query.
func Evaluate(ctx context.Context, e *policy.Engine, docs []*inventory.Document, opts Options) (*finding.Report, error) {
	type result struct {
		fs  []finding.Finding
		err error
	}
	results := make([]result, len(docs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, doc := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			v, err := policy.InputValue(doc)
			if err != nil {
				results[i] = result{err: err}
				return
			}
			fs, err := e.Evaluate(ctx, doc.Deployment.Name, v, opts.Selected)
			identify(fs, doc)
			noteResolvedPaths(fs, doc, func(id string) bool {
				c, ok := e.Check(id)
				return ok && slices.Contains(c.Requires, "C")
			})
			results[i] = result{fs: fs, err: err}
		}()
	}
	wg.Wait()
	r := &finding.Report{
		SchemaVersion: finding.SchemaVersion,
		Tool:          opts.Tool,
		GeneratedAt:   opts.Now.UTC().Format(time.RFC3339),
		ScanID:        newScanID(),
		TargetLevel:   opts.TargetLevel,
		FailOn:        opts.FailOn,
		Findings:      []finding.Finding{},
		Errors:        []finding.Error{},
		Rules:         opts.Rules,
	}
	for i, doc := range docs {
		if results[i].err != nil {
			return nil, results[i].err
		}
		r.Findings = append(r.Findings, results[i].fs...)
		for _, ce := range doc.CollectionErrors {
			r.Errors = append(r.Errors, finding.Error{Source: ce.Source, Deployment: doc.Deployment.Name, File: ce.File, Line: ce.Line, Endpoint: ce.Endpoint, Message: ce.Message})
		}
		r.Deployments = append(r.Deployments, finding.DeploymentResult{
			Name: doc.Deployment.Name, Version: doc.Deployment.Version, TargetLevel: opts.TargetLevel, Read: readFrom(doc),
		})
	}
	r.PartialLevels = partialLevels(opts)
	for _, na := range opts.NotAudited {
		target := na.TargetLevel
		if target == "" {
			target = opts.TargetLevel
		}
		r.Errors = append(r.Errors, finding.Error{Source: finding.SourceNotAudited, Deployment: na.Name, Message: na.Reason})
		r.Errors = append(r.Errors, na.Errors...)
		r.Deployments = append(r.Deployments, finding.DeploymentResult{Name: na.Name, TargetLevel: target, NotAudited: na.Reason})
	}
	Regrade(r)
	return r, nil
}

// Regrade recomputes verdicts, blockers and the summary after findings
// changed (waivers, baselines).
func Regrade(r *finding.Report) {
	for i := range r.Deployments {
		d := &r.Deployments[i]
		var fs []finding.Finding
		for _, f := range r.Findings {
			if f.Deployment == d.Name {
				fs = append(fs, f)
			}
		}
		d.Levels = capPartial(finding.LevelVerdicts(fs), r.PartialLevels)
		d.AchievedLevel = finding.AchievedLevel(d.Levels)
		d.Blockers = blockers(fs, d.Levels)
	}
	r.Summary = finding.Summarize(r.Findings)
}

// partialLevels are the levels with a check the selection leaves out.
func partialLevels(opts Options) []finding.Level {
	if opts.Selected == nil {
		return nil
	}
	left := map[finding.Level]bool{}
	for _, rule := range opts.Rules {
		if rule.Level.Valid() && !opts.Selected(rule.ID) {
			left[rule.Level] = true
		}
	}
	var out []finding.Level
	for _, l := range finding.Levels {
		if left[l] {
			out = append(out, l)
		}
	}
	return out
}

// capPartial turns the pass of a level judged on part of its checks into
// unknown (a level is achieved only when all its checks ran), and keeps the
// ladder cumulative: no ladder level is better than the one below it.
func capPartial(v map[finding.Level]finding.Verdict, partial []finding.Level) map[finding.Level]finding.Verdict {
	for _, l := range partial {
		if v[l] == finding.VerdictPass {
			v[l] = finding.VerdictUnknown
		}
	}
	for i := 1; i < len(finding.Ladder); i++ {
		below, l := finding.Ladder[i-1], finding.Ladder[i]
		if v[below] == finding.VerdictUnknown && v[l] == finding.VerdictPass {
			v[l] = finding.VerdictUnknown
		}
		if v[below] == finding.VerdictFail && v[l] != finding.VerdictFail {
			v[l] = finding.VerdictFail
		}
	}
	return v
}

// blockers are the checks that keep the lowest non-passing ladder level from
// passing.
func blockers(fs []finding.Finding, v map[finding.Level]finding.Verdict) []string {
	for _, l := range finding.Ladder {
		if v[l] == finding.VerdictPass {
			continue
		}
		ids := map[string]bool{}
		for _, f := range fs {
			if f.Suppressed || f.Level.LadderIndex() < 0 || f.Level.LadderIndex() > l.LadderIndex() {
				continue
			}
			if f.Status == finding.StatusFail || (v[l] == finding.VerdictUnknown && f.Status == finding.StatusUnknown) {
				ids[f.CheckID] = true
			}
		}
		out := make([]string, 0, len(ids))
		for id := range ids {
			out = append(out, id)
		}
		sort.Strings(out)
		return out
	}
	return nil
}

func newScanID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
