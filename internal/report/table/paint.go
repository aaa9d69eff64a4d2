package table

import "github.com/essec-dev/essec/internal/finding"

// painter adds ANSI colours when enabled. Only essec's own words are
// painted; text from the audited deployment is escaped first (termtext).
type painter struct{ on bool }

func (p painter) wrap(code, s string) string {
	if !p.on {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p painter) bold(s string) string   { return p.wrap("1", s) }
func (p painter) red(s string) string    { return p.wrap("31", s) }
func (p painter) green(s string) string  { return p.wrap("32", s) }
func (p painter) yellow(s string) string { return p.wrap("33", s) }
func (p painter) dim(s string) string    { return p.wrap("2", s) }

func (p painter) verdict(v finding.Verdict) string {
	switch v {
	case finding.VerdictPass:
		return p.green("pass")
	case finding.VerdictFail:
		return p.red("FAIL")
	case finding.VerdictNotApplicable:
		return p.dim("not applicable")
	}
	return p.yellow("unknown")
}

// status pads before painting so that columns line up with colour on.
func (p painter) status(s finding.Status) string {
	switch s {
	case finding.StatusFail:
		return p.red("FAIL   ")
	case finding.StatusWarn:
		return p.yellow("WARN   ")
	case finding.StatusUnknown:
		return p.yellow("UNKNOWN")
	case finding.StatusPass:
		return p.green("PASS   ")
	}
	return "N/A    "
}
