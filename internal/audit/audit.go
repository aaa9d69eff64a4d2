// Package audit is the runner between collection and reports: it evaluates
// each deployment's document with the prepared engine, grades the levels and
// assembles the report.
package audit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"iter"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
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
	// DocumentLevels makes a document's required level (from the
	// inventory) its deployment's target instead of TargetLevel.
	DocumentLevels bool
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

// Evaluate judges every document (see Stream).
func Evaluate(ctx context.Context, e *policy.Engine, docs []*inventory.Document, opts Options) (*finding.Report, error) {
	return Stream(ctx, e, func(yield func(*inventory.Document, error) bool) {
		for _, d := range docs {
			if !yield(d, nil) {
				return
			}
		}
	}, opts)
}

// Stream judges the documents docs yields, in that order in the report,
// holding only a few at a time: each is converted to an OPA value,
// evaluated with the one prepared query, and dropped once its findings and
// what the report says of it (errors, files read) are taken. An error
// docs yields (a document that cannot be read) stops the run and is
// returned as is.
func Stream(ctx context.Context, e *policy.Engine, docs iter.Seq2[*inventory.Document, error], opts Options) (*finding.Report, error) {
	var (
		results []*judged
		wg      sync.WaitGroup
		failed  atomic.Bool
		runErr  error
	)
	// Two documents in flight keep the cores busy (the engine spreads one
	// document's checks over them) while memory holds at most two
	// documents and their OPA values.
	sem := make(chan struct{}, 2)
	for doc, err := range docs {
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
			runErr = err
			break
		}
		if failed.Load() {
			break
		}
		j := &judged{}
		results = append(results, j)
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			d := doc
			doc = nil // judge lets it go once converted
			if j.judge(ctx, e, d, opts); j.err != nil {
				failed.Store(true)
			}
		}()
	}
	wg.Wait()
	if runErr != nil {
		return nil, runErr
	}
	r := &finding.Report{
		SchemaVersion: finding.SchemaVersion,
		Tool:          opts.Tool,
		GeneratedAt:   opts.Now.UTC().Format(time.RFC3339),
		ScanID:        newScanID(),
		TargetLevel:   opts.TargetLevel,
		FailOn:        opts.FailOn,
		Errors:        []finding.Error{},
		Rules:         opts.Rules,
	}
	n := 0
	for _, j := range results {
		if j.err != nil {
			return nil, j.err
		}
		for _, fs := range j.findings {
			n += len(fs)
		}
	}
	// One copy into a slice of the right size, each check's findings let go
	// once copied: a large fleet's findings are never held twice over.
	r.Findings = make([]finding.Finding, 0, n)
	for _, j := range results {
		for i, fs := range j.findings {
			r.Findings = append(r.Findings, fs...)
			j.findings[i] = nil
		}
		r.Errors = append(r.Errors, j.errors...)
		r.Deployments = append(r.Deployments, j.deployment)
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

// judged is what the report keeps of one document once it is evaluated.
type judged struct {
	findings   [][]finding.Finding // one slice per check
	errors     []finding.Error
	deployment finding.DeploymentResult
	err        error
}

func (j *judged) judge(ctx context.Context, e *policy.Engine, doc *inventory.Document, opts Options) {
	// Take what the report needs of the document, convert it, and let it
	// go: the checks read the OPA value, and a large fleet's document is as
	// big again.
	name := doc.Deployment.Name
	root, notes := deploymentRoot(doc), tlsNotes(doc)
	for _, ce := range doc.CollectionErrors {
		j.errors = append(j.errors, finding.Error{Source: ce.Source, Deployment: name, File: ce.File, Line: ce.Line, Endpoint: ce.Endpoint, Message: ce.Message})
	}
	target := opts.TargetLevel
	if opts.DocumentLevels && doc.Deployment.RequiredLevel != "" {
		target = finding.Level(doc.Deployment.RequiredLevel)
	}
	j.deployment = finding.DeploymentResult{
		Name: name, Version: doc.Deployment.Version, TargetLevel: target, Read: readFrom(doc),
	}
	v, err := policy.InputValue(doc)
	doc = nil
	if err != nil {
		j.err = err
		return
	}
	byCheck, err := e.EvaluateByCheck(ctx, name, v, opts.Selected)
	if err != nil {
		j.err = err
		return
	}
	for _, fs := range byCheck {
		if len(fs) == 0 {
			continue
		}
		identify(fs, root)
		noteResolvedPaths(fs, notes, func(id string) bool {
			c, ok := e.Check(id)
			return ok && slices.Contains(c.Requires, "C")
		})
		j.findings = append(j.findings, fs)
	}
}

// Regrade recomputes verdicts, blockers and the summary after findings
// changed (waivers, baselines).
func Regrade(r *finding.Report) {
	for i := range r.Deployments {
		d := &r.Deployments[i]
		fs := finding.OfDeployment(r.Findings, d.Name)
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
