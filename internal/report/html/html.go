// Package html writes a report as one self-contained HTML page for people:
// per deployment the level ladder, counts, a chart and the findings with
// filters. Styles, script and chart are inline and a Content-Security-Policy
// forbids every fetch, so the file can be mailed, archived and printed.
package html

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"

	"github.com/essec-dev/essec/internal/finding"
)

var (
	//go:embed assets/report.html.tmpl
	pageTemplate string
	//go:embed assets/style.css
	styleSheet string
	//go:embed assets/script.js
	script string
)

// Options tune the HTML output.
type Options struct {
	// Title replaces the page title.
	Title string
}

// Write writes r to w as one HTML page.
func Write(w io.Writer, r *finding.Report, opts Options) error {
	tmpl, err := template.New("report").Funcs(funcs).Parse(pageTemplate)
	if err != nil {
		return fmt.Errorf("parse html template: %w", err)
	}
	v := build(r, opts)
	v.CSS = template.CSS(styleSheet)
	v.JS = template.JS(script)
	v.CSP = csp()
	if err := tmpl.Execute(w, v); err != nil {
		return fmt.Errorf("write html: %w", err)
	}
	return nil
}

// csp allows exactly the page's own style and script and nothing else:
// no request can leave the page.
func csp() string {
	return "default-src 'none'; style-src " + hash(styleSheet) + "; script-src " + hash(script) +
		"; img-src 'none'; base-uri 'none'; form-action 'none'"
}

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

var funcs = template.FuncMap{"label": label}

// label is how a status reads.
func label(s string) string {
	if s == string(finding.StatusNotApplicable) {
		return "not applicable"
	}
	return s
}
