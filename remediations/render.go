package remediations

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteText prints the plan for a person.
func (p *Plan) WriteText(w io.Writer) error {
	var b strings.Builder
	if p.Empty() {
		fmt.Fprintf(&b, "Deployment %s: nothing to fix up to level %s from the files.\n", p.Deployment, p.Level)
		_, err := io.WriteString(w, b.String())
		return err
	}
	if !p.Changes() {
		fmt.Fprintf(&b, "Deployment %s: nothing essec can change up to level %s; what is left needs you:\n", p.Deployment, p.Level)
	}
	auto := 0
	for _, s := range p.Steps {
		if s.Automated() {
			auto++
		}
	}
	fmt.Fprintf(&b, "Deployment %s: %d step(s) up to level %s, %d automated, %d manual.\n", p.Deployment, len(p.Steps), p.Level, auto, len(p.Steps)-auto)
	for i, s := range p.Steps {
		kind := "automated"
		if !s.Automated() {
			kind = "MANUAL"
		}
		module := ""
		if s.Module != "" {
			module = " [" + s.Module + "]"
		}
		fmt.Fprintf(&b, "\n%d. %s%s (%s; fixes %s)\n", i+1, s.Title, module, kind, strings.Join(s.Checks, ", "))
		if s.Reason != "" {
			fmt.Fprintf(&b, "   why manual: %s\n", s.Reason)
		}
		for _, f := range s.Created {
			fmt.Fprintf(&b, "   create %s (%s, mode %s)", f.Path, f.Kind, f.Mode)
			if f.Subject != "" {
				fmt.Fprintf(&b, " subject %q", f.Subject)
			}
			if len(f.SANs) > 0 {
				fmt.Fprintf(&b, " SANs %s", strings.Join(f.SANs, ", "))
			}
			if f.NotAfter != "" {
				fmt.Fprintf(&b, " expires %s", f.NotAfter)
			}
			b.WriteString("\n")
		}
		for _, k := range s.Keys {
			verb := "update"
			if k.Created {
				verb = "create"
			}
			fmt.Fprintf(&b, "   %s keystore %s:", verb, k.Path)
			if len(k.Add) > 0 {
				fmt.Fprintf(&b, " add %s", strings.Join(k.Add, ", "))
			}
			if len(k.Remove) > 0 {
				fmt.Fprintf(&b, " remove %s", strings.Join(k.Remove, ", "))
			}
			b.WriteString(" (values generated or moved, never shown)\n")
		}
		writeAPIText(&b, s)
		for _, e := range s.Edits {
			for _, l := range strings.Split(strings.TrimSuffix(e.Diff, "\n"), "\n") {
				b.WriteString("   " + l + "\n")
			}
		}
		for _, m := range s.Manual {
			fmt.Fprintf(&b, "   by hand: %s\n", strings.ReplaceAll(m, "\n", "\n            "))
		}
		if s.Restart != "" && s.Automated() {
			fmt.Fprintf(&b, "   restart: %s\n", s.Restart)
		}
	}
	if len(p.Restarts) > 0 {
		b.WriteString("\nRestarts, in this order, once applied:\n")
		for _, r := range p.Restarts {
			b.WriteString("  " + r + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON prints the plan as data (no secret is in it).
func (p *Plan) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(p)
}

// Saved is a plan read back from --out: what apply compares against.
type Saved struct {
	Schema     int      `json:"schema"`
	Deployment string   `json:"deployment"`
	Level      string   `json:"level"`
	Paths      []string `json:"paths"`
	Inputs     []Input  `json:"inputs"`
	Digest     string   `json:"digest"`
}

// Matches says why a fresh plan is not the saved one ("" when it is):
// an input changed, or the plan differs.
func (s *Saved) Matches(p *Plan) string {
	if s.Schema != PlanSchema {
		return fmt.Sprintf("the saved plan has schema %d; this essec writes %d", s.Schema, PlanSchema)
	}
	if s.Deployment != p.Deployment {
		return fmt.Sprintf("the saved plan is for deployment %s, not %s", s.Deployment, p.Deployment)
	}
	now := map[string]Input{}
	for _, in := range p.Inputs {
		now[in.Path] = in
	}
	for _, in := range s.Inputs {
		cur, ok := now[in.Path]
		if !ok || cur.SHA256 != in.SHA256 || cur.Exists != in.Exists {
			return in.Path + " changed since the plan was saved"
		}
	}
	if s.Digest != p.Digest {
		return "the files plan differently now"
	}
	return ""
}
