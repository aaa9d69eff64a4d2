package remediations

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/essec-dev/essec/internal/boundedfile"
	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/format/yamledit"
	"github.com/essec-dev/essec/internal/inventory"
)

// Options are the inputs of planning.
type Options struct {
	Level finding.Level
	Now   time.Time
	Certs CertOptions
	// Cluster is the live cluster for API steps; nil without --url.
	Cluster *Cluster
	// Modules defaults to Modules().
	Modules []Module
}

// Build plans the repairs of one deployment from its input document and
// the failing findings of its audit.
func Build(ctx context.Context, doc *inventory.Document, findings []finding.Finding, o Options) (*Plan, error) {
	if o.Modules == nil {
		o.Modules = Modules()
	}
	p := &Plan{Schema: PlanSchema, Deployment: doc.Deployment.Name, Level: string(o.Level), files: map[string]*fileChange{}}
	c := &Context{Doc: doc, Level: o.Level, Now: o.Now, Rand: rand.Reader, Certs: o.Certs.withDefaults(), Cluster: o.Cluster, shared: map[string]any{}}
	c.read = p.read
	p.remedies = map[string]string{}
	for _, f := range findings {
		p.remedies[f.CheckID] = strings.TrimSpace(f.Remediation.Summary)
	}
	for _, m := range o.Modules {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		failing := failingFor(m, findings, doc.Deployment.Name)
		if len(failing) == 0 {
			continue
		}
		drafts, err := m.Plan(c, failing)
		if err != nil {
			return nil, fmt.Errorf("plan %s: %w", m.ID(), err)
		}
		drafts = withDynamicSettings(c, m.ID(), failing, drafts)
		for _, d := range drafts {
			s, err := p.add(m.ID(), d)
			if err != nil {
				return nil, fmt.Errorf("plan %s: %w", m.ID(), err)
			}
			p.Steps = append(p.Steps, s)
		}
	}
	for _, s := range p.Steps {
		for i := range s.Edits {
			s.Edits[i].Diff = maskSecrets(s.Edits[i].Diff, p.secrets)
		}
	}
	p.Steps = append(p.Steps, manualSteps(o.Modules, findings, doc.Deployment.Name)...)
	p.Restarts = restartSummary(p.Steps, doc)
	p.Inputs = p.inputs()
	p.Digest = p.digest()
	return p, nil
}

// failingFor returns the failing findings of the module's checks.
func failingFor(m Module, findings []finding.Finding, deployment string) []finding.Finding {
	var out []finding.Finding
	for _, f := range findings {
		if f.Status == finding.StatusFail && !f.Suppressed && f.Deployment == deployment && slices.Contains(m.Checks(), f.CheckID) {
			out = append(out, f)
		}
	}
	return out
}

// read returns a file's content as planned so far.
func (p *Plan) read(path string) ([]byte, bool, error) {
	if fc, ok := p.files[path]; ok {
		return fc.after, fc.after != nil, nil
	}
	b, err := boundedfile.Read(path, boundedfile.Any)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return b, true, nil
}

// add proves a draft (every edit applies cleanly to the content planned so
// far) and records its changes; a draft that cannot be proved becomes a
// manual step with the reason.
func (p *Plan) add(module string, d Draft) (*Step, error) {
	s := &Step{Module: module, Title: d.Title, Checks: d.Checks, Restart: string(d.Restart), Manual: d.Manual, Reason: d.Reason}
	staged := map[string][]byte{}
	stepBefore := map[string][]byte{}
	var edited []string
	var created []string
	read := func(path string) ([]byte, bool, error) {
		if b, ok := staged[path]; ok {
			return b, true, nil
		}
		return p.read(path)
	}
	err := func() error {
		for _, e := range d.Settings {
			cur, ok, err := read(e.Path)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("%s does not exist", e.Path)
			}
			var out []byte
			if e.Service != "" {
				out, err = yamledit.ApplyEnv(e.Path, cur, e.Service, envChanges(e.Changes))
			} else {
				out, err = yamledit.Apply(e.Path, cur, e.Dialect, e.Changes)
			}
			if err != nil {
				return err
			}
			if !bytes.Equal(out, cur) {
				if _, seen := stepBefore[e.Path]; !seen {
					stepBefore[e.Path] = cur
					edited = append(edited, e.Path)
				}
				staged[e.Path] = out
			}
		}
		for _, path := range edited {
			s.Edits = append(s.Edits, FileEdit{Path: path, Diff: UnifiedDiff(path, stepBefore[path], staged[path])})
		}
		for _, k := range d.Keys {
			cur, ok, err := read(k.Path)
			if err != nil {
				return err
			}
			out, edit, err := updateKeystore(k, cur, ok)
			if err != nil {
				return err
			}
			if out != nil {
				staged[k.Path] = out
				if !ok {
					created = append(created, k.Path)
				}
				s.Keys = append(s.Keys, edit)
			}
		}
		for _, f := range d.Files {
			if _, ok, err := read(f.Path); err != nil || ok {
				if err != nil {
					return err
				}
				return fmt.Errorf("%s already exists; essec does not replace certificates or keys", f.Path)
			}
			staged[f.Path] = f.Content
			created = append(created, f.Path)
			info := f.Info
			info.Path, info.Mode = f.Path, fmt.Sprintf("%04o", f.Mode)
			s.Created = append(s.Created, info)
		}
		return nil
	}()
	if err != nil {
		if !yamledit.IsUnsafe(err) && !errors.Is(err, errManual) && !isExists(err) {
			return nil, err
		}
		s.Edits, s.Keys, s.Created = nil, nil, nil
		s.Reason = err.Error()
		var how []string
		for _, id := range s.Checks {
			if r := p.remedies[id]; r != "" {
				how = append(how, id+": "+r)
			}
		}
		s.Manual = append(how, s.Manual...)
		if len(s.Manual) == 0 {
			s.Manual = []string{"make the change described by the check's remediation by hand"}
		}
		return s, nil
	}
	for _, k := range d.Keys {
		for _, v := range k.Set {
			p.secrets = append(p.secrets, v)
		}
	}
	modes := map[string]uint32{}
	for _, f := range d.Files {
		modes[f.Path] = f.Mode
	}
	for _, k := range d.Keys {
		modes[k.Path] = 0o660
	}
	paths := make([]string, 0, len(staged))
	for path := range staged {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	// New files (certificates, keystores) go first: settings name them.
	sort.SliceStable(paths, func(i, j int) bool {
		return slices.Contains(created, paths[i]) && !slices.Contains(created, paths[j])
	})
	for _, path := range paths {
		fc, ok := p.files[path]
		if !ok {
			before, existed, err := p.read(path)
			if err != nil {
				return nil, err
			}
			fc = &fileChange{path: path, existed: existed, before: before, mode: modes[path], created: !existed}
			p.files[path] = fc
			p.order = append(p.order, path)
		}
		fc.after = staged[path]
	}
	p.addAPI(s, d)
	return s, nil
}

// errManual marks a draft that must be done by hand (errors.Is).
var errManual = errors.New("manual")

// manualError says why a draft must be done by hand.
type manualError struct{ msg string }

func (e *manualError) Error() string        { return e.msg }
func (e *manualError) Is(target error) bool { return target == errManual }

func manualf(format string, args ...any) error {
	return &manualError{msg: fmt.Sprintf(format, args...)}
}

func isExists(err error) bool {
	return err != nil && bytes.Contains([]byte(err.Error()), []byte("already exists"))
}

// inputs lists every file the plan writes with its hash now.
func (p *Plan) inputs() []Input {
	out := make([]Input, 0, len(p.order))
	for _, path := range p.order {
		fc := p.files[path]
		in := Input{Path: path, Exists: fc.existed}
		if fc.existed {
			in.SHA256 = hashOf(fc.before)
		}
		out = append(out, in)
	}
	return out
}

// digest hashes what the plan shows, without what changes from run to run
// (certificate expiry).
func (p *Plan) digest() string {
	type view struct {
		Inputs []Input
		Steps  []Step
	}
	v := view{Inputs: p.Inputs}
	for _, s := range p.Steps {
		c := *s
		c.Created = nil
		for _, f := range s.Created {
			f.NotAfter = ""
			c.Created = append(c.Created, f)
		}
		v.Steps = append(v.Steps, c)
	}
	b, _ := json.Marshal(v)
	return hashOf(b)
}

// manualSteps lists the failing checks no module repairs, with their
// remediation text, one step per check.
func manualSteps(mods []Module, findings []finding.Finding, deployment string) []*Step {
	claimed := map[string]bool{}
	for _, m := range mods {
		for _, id := range m.Checks() {
			claimed[id] = true
		}
	}
	byCheck := map[string]*Step{}
	var order []string
	for _, f := range findings {
		if f.Status != finding.StatusFail || f.Suppressed || f.Deployment != deployment || claimed[f.CheckID] {
			continue
		}
		s, ok := byCheck[f.CheckID]
		if !ok {
			s = &Step{Title: f.CheckID + ": " + f.Title, Checks: []string{f.CheckID},
				Reason: "no automated repair from the files", Manual: []string{strings.TrimSpace(f.Remediation.Summary)}}
			byCheck[f.CheckID] = s
			order = append(order, f.CheckID)
		}
		where := f.Resource.Kind + " " + f.Resource.Name
		if !slices.Contains(s.Manual[1:], "on "+where) {
			s.Manual = append(s.Manual, "on "+where)
		}
	}
	sort.Strings(order)
	out := make([]*Step, 0, len(order))
	for _, id := range order {
		out = append(out, byCheck[id])
	}
	return out
}

// secretLine matches a settings line whose value is a secret.
var secretLine = regexp.MustCompile(`(?i)^([ +-]\s*[A-Za-z0-9_.-]*(password|passphrase|secret|token|encryptionkey|apikey|api_key)\s*:).*$`)

// maskSecrets hides, in a diff, the values of secret settings and every
// value a plan moves into a keystore: a removed clear-text line, or the
// same line as context, would otherwise show them.
func maskSecrets(diff string, secrets [][]byte) string {
	for _, v := range secrets {
		if len(v) >= 3 {
			diff = strings.ReplaceAll(diff, string(v), "<secret>")
		}
	}
	lines := strings.Split(diff, "\n")
	for i, l := range lines {
		if m := secretLine.FindStringSubmatch(l); m != nil && !strings.HasPrefix(l, "---") && !strings.HasPrefix(l, "+++") {
			lines[i] = m[1] + " <secret>"
		}
	}
	return strings.Join(lines, "\n")
}

// envChanges turns setting changes into environment variables (the
// Elasticsearch image reads dotted names; a list is comma-separated).
func envChanges(cs []yamledit.Change) []yamledit.EnvChange {
	out := make([]yamledit.EnvChange, len(cs))
	for i, c := range cs {
		v := c.Value.Scalar
		if c.Value.IsList {
			v = strings.Join(c.Value.List, ",")
		}
		out[i] = yamledit.EnvChange{Name: c.Key, Value: v, Remove: c.Remove}
	}
	return out
}
