package cli

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/policy"
	"github.com/essec-dev/essec/policies"
	"github.com/essec-dev/essec/remediations"
)

// Policies parses the embedded catalogue at most once and compiles each
// selection of its checks at most once, for every run of the process that
// shares it (tests give one to all their in-process runs). Checks from
// --policy-dir are read and compiled again by every run: the files may
// change between runs.
type Policies struct {
	mu       sync.Mutex
	cat      *policy.Catalogue
	engines  map[string]*policy.Engine // by selection key
	compiles int
}

// Compiles says how many times the cache compiled the catalogue.
func (p *Policies) Compiles() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.compiles
}

// NewPolicies returns an empty cache of the embedded catalogue.
func NewPolicies() *Policies { return &Policies{engines: map[string]*policy.Engine{}} }

func (p *Policies) catalogue() (*policy.Catalogue, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cat != nil {
		return p.cat, nil
	}
	mods, err := policy.ReadFS(policies.FS, ".", "policies/")
	if err != nil {
		return nil, err
	}
	cat, err := policy.ParseCatalogue(mods)
	if err != nil {
		return nil, err
	}
	p.cat = cat
	return cat, nil
}

func (p *Policies) engine(ctx context.Context, cat *policy.Catalogue, selected func(string) bool) (*policy.Engine, error) {
	key := selectionKey(cat, selected)
	p.mu.Lock()
	defer p.mu.Unlock()
	if e, ok := p.engines[key]; ok {
		return e, nil
	}
	e := cat.CompileInBackground(ctx, selected, nil)
	p.compiles++
	p.engines[key] = e
	return e, nil
}

func selectionKey(cat *policy.Catalogue, selected func(string) bool) string {
	if selected == nil {
		return "*"
	}
	var ids []string
	for _, c := range cat.Checks() {
		if selected(c.ID) {
			ids = append(ids, c.ID)
		}
	}
	slices.Sort(ids)
	return strings.Join(ids, ",")
}

// checkLookup finds a check by id: a catalogue or an engine.
type checkLookup interface {
	Check(id string) (policy.Check, bool)
}

// loadModules reads the embedded catalogue plus the user's policy dirs.
func loadModules(dirs []string) ([]policy.Module, error) {
	mods, err := policy.ReadFS(policies.FS, ".", "policies/")
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		extra, err := policy.ReadDir(d)
		if err != nil {
			return nil, usageError(err)
		}
		mods = append(mods, extra...)
	}
	return mods, nil
}

// loadCatalogue parses the checks' metadata without compiling: from the
// shared cache when the run adds no policy directory.
func (d *Deps) loadCatalogue(dirs []string) (*policy.Catalogue, error) {
	if len(dirs) == 0 && d.Policies != nil {
		cat, err := d.Policies.catalogue()
		if err != nil {
			return nil, usageError(err)
		}
		return cat, nil
	}
	mods, err := loadModules(dirs)
	if err != nil {
		return nil, err
	}
	cat, err := policy.ParseCatalogue(mods)
	if err != nil {
		return nil, usageError(err)
	}
	return cat, nil
}

// loadEngine compiles the selected checks of cat (all when selected is
// nil) and prepares the queries: once per run, or once per process for the
// embedded catalogue when the run shares a Policies cache. The embedded
// catalogue compiles in the background while the evidence is collected
// (the engine's Evaluate waits for it); checks from --policy-dir compile
// before, so that their errors stop the run before anything is collected.
func (d *Deps) loadEngine(ctx context.Context, cat *policy.Catalogue, dirs []string, selected func(string) bool, log *slog.Logger) (*policy.Engine, error) {
	d.enginesBuilt++
	var e *policy.Engine
	var err error
	switch {
	case len(dirs) == 0 && d.Policies != nil:
		e, err = d.Policies.engine(ctx, cat, selected)
	case len(dirs) == 0:
		e = cat.CompileInBackground(ctx, selected, nil)
	default:
		e, err = cat.Compile(ctx, selected, nil)
	}
	if err != nil {
		return nil, usageError(err)
	}
	return e.WithLogger(log), nil
}

// rules converts the catalogue for reports.
func rules(checks []policy.Check) []finding.Rule {
	out := make([]finding.Rule, 0, len(checks))
	for _, c := range checks {
		out = append(out, finding.Rule{
			ID: c.ID, Title: c.Title, Description: c.Description, Level: c.Level, Severity: c.Severity,
			Component: c.Component, Remediation: c.Remediation, RemediationText: c.RemediationText, References: c.References,
			Automated: remediations.Automated(c.ID, c.Remediation),
		})
	}
	return out
}

// loadSelectedEngine reads the catalogue, validates --checks/--skip-checks
// against it and compiles only the selected checks.
func (d *Deps) loadSelectedEngine(ctx context.Context, dirs, only, skip []string, log *slog.Logger) (*policy.Catalogue, *policy.Engine, func(string) bool, error) {
	cat, err := d.loadCatalogue(dirs)
	if err != nil {
		return nil, nil, nil, err
	}
	selected, err := selection(cat, only, skip)
	if err != nil {
		return nil, nil, nil, err
	}
	engine, err := d.loadEngine(ctx, cat, dirs, selected, log)
	if err != nil {
		return nil, nil, nil, err
	}
	return cat, engine, selected, nil
}

// markAutomated flags the findings essec fix can repair, so that reports
// offer the fix command only for them.
func markAutomated(r *finding.Report) {
	// Asked once per check, not per finding: the answer builds the list of
	// remediation modules, and a fleet has thousands of findings per check.
	automated := map[[2]string]bool{}
	for i := range r.Findings {
		f := &r.Findings[i]
		key := [2]string{f.CheckID, f.Remediation.ID}
		a, ok := automated[key]
		if !ok {
			a = remediations.Automated(f.CheckID, f.Remediation.ID)
			automated[key] = a
		}
		f.Remediation.Automated = a
	}
}
