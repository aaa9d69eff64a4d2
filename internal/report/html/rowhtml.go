package html

import (
	"html/template"
	"iter"
	"strings"
	"unicode/utf8"
)

// A fleet's page has tens of thousands of rows. Executed through
// html/template, each cost about 70 µs of reflection and escaping (1.8 s
// at 400 nodes); appendRow writes the markup the page's row template
// wrote, escaping each value as html/template escapes it in that place
// (TestRowsAreTheTemplatesBytes compares both over random rows). The page
// template inserts the rows as HTML already escaped.

// rowsPerChunk is how many rows one piece of the page holds: enough that
// the template's work per piece does not count, few enough that a piece
// (about 2 KB a row) stays under the 64 KB up to which fmt, which the
// template prints with, reuses its buffers.
const rowsPerChunk = 16

// HTML yields the rows' markup, a few rows at a time.
func (rs rows) HTML() iter.Seq[template.HTML] {
	return func(yield func(template.HTML) bool) {
		var b []byte
		hrefs := map[string]string{}
		n := 0
		for r := range rs.All() {
			b = appendRow(b, &r, hrefs)
			if n++; n%rowsPerChunk == 0 {
				if !yield(template.HTML(b)) {
					return
				}
				b = b[:0]
			}
		}
		if len(b) > 0 {
			yield(template.HTML(b))
		}
	}
}

// appendRow appends one row as the page's row template writes it. hrefs
// caches the links made of references (a few per check, on every row).
func appendRow(b []byte, r *row, hrefs map[string]string) []byte {
	status := r.Status
	if r.Waived {
		status = "waived"
	}
	b = append(b, `<tr class="finding st-`...)
	b = appendEscaped(b, status)
	b = append(b, `" id="finding-`...)
	b = appendEscaped(b, r.ID)
	b = append(b, `" data-status="`...)
	b = appendEscaped(b, r.Status)
	b = append(b, `" data-waived="`...)
	b = append(b, boolText(r.Waived)...)
	b = append(b, `" data-level="`...)
	b = appendEscaped(b, r.Level)
	b = append(b, `" data-severity="`...)
	b = appendEscaped(b, r.Severity)
	b = append(b, `" data-deployment="`...)
	b = appendEscaped(b, r.Deployment)
	b = append(b, "\">\n<td><span class=\"badge st-"...)
	b = appendEscaped(b, r.Status)
	b = append(b, `">`...)
	b = appendEscaped(b, label(r.Status))
	b = append(b, `</span>`...)
	if r.Waived {
		b = append(b, ` <span class="badge st-waived">waived</span>`...)
	}
	b = append(b, "</td>\n<td class=\"sev sev-"...)
	b = appendEscaped(b, r.Severity)
	b = append(b, `">`...)
	b = appendEscaped(b, r.Severity)
	b = append(b, "</td>\n<td>"...)
	b = appendEscaped(b, r.Level)
	b = append(b, "</td>\n<td class=\"id\"><code>"...)
	b = appendEscaped(b, r.CheckID)
	b = append(b, "</code></td>\n<td>"...)
	b = appendEscaped(b, r.Resource)
	b = append(b, "</td>\n<td><details><summary><span class=\"message\">"...)
	summary := r.Message
	if summary == "" {
		summary = r.Title
	}
	b = appendEscaped(b, summary)
	b = append(b, "</span></summary>\n<p class=\"title\">"...)
	b = appendEscaped(b, r.Title)
	b = append(b, "</p>\n<dl class=\"detail\">\n"...)
	if r.Location != "" {
		b = append(b, `<dt>Location</dt><dd><code>`...)
		b = appendEscaped(b, r.Location)
		b = append(b, `</code></dd>`...)
	}
	b = append(b, '\n')
	if r.Setting != "" {
		b = append(b, `<dt>Setting</dt><dd><code>`...)
		b = appendEscaped(b, r.Setting)
		b = append(b, `</code></dd>`...)
	}
	b = append(b, '\n')
	if len(r.Evidence) > 0 {
		b = append(b, `<dt>Evidence</dt><dd><dl class="evidence">`...)
		for _, e := range r.Evidence {
			b = append(b, `<dt>`...)
			b = appendEscaped(b, e[0])
			b = append(b, `</dt><dd><code>`...)
			b = appendEscaped(b, e[1])
			b = append(b, `</code></dd>`...)
		}
		b = append(b, `</dl></dd>`...)
	}
	b = append(b, '\n')
	if r.Remediation != "" {
		b = append(b, `<dt>Remediation</dt><dd>`...)
		b = appendEscaped(b, r.Remediation)
		b = append(b, `</dd>`...)
	}
	b = append(b, '\n')
	if r.FixCommand != "" {
		b = append(b, `<dt>Automated fix</dt><dd><code>`...)
		b = appendEscaped(b, r.FixCommand)
		b = append(b, `</code></dd>`...)
	}
	b = append(b, '\n')
	if w := r.Waiver; w != nil {
		b = append(b, `<dt>Waived</dt><dd>`...)
		b = appendEscaped(b, w.Reason)
		if w.Owner != "" {
			b = append(b, ` · owner `...)
			b = appendEscaped(b, w.Owner)
		}
		if w.Expires != "" {
			b = append(b, ` · until `...)
			b = appendEscaped(b, w.Expires)
		}
		b = append(b, `</dd>`...)
	}
	b = append(b, '\n')
	if len(r.References) > 0 {
		b = append(b, `<dt>Documentation</dt><dd><ul class="refs">`...)
		for _, ref := range r.References {
			b = append(b, `<li><a href="`...)
			b = append(b, href(hrefs, ref)...)
			b = append(b, `" rel="noopener noreferrer">`...)
			b = appendEscaped(b, ref)
			b = append(b, `</a></li>`...)
		}
		b = append(b, `</ul></dd>`...)
	}
	return append(b, "\n</dl>\n</details></td>\n</tr>\n"...)
}

func boolText(v bool) string {
	if v {
		return "true"
	}
	return "false"
}

// htmlReplacements are what html/template replaces in text and quoted
// attribute values: NUL by U+FFFD, and the characters that could end or
// open markup (+ too, for UTF-7).
var htmlReplacements = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// appendEscaped appends s escaped as html/template escapes a string in
// text or in a quoted attribute value; other bytes, invalid UTF-8
// included, are kept.
func appendEscaped(b []byte, s string) []byte {
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || int(c) >= len(htmlReplacements) || htmlReplacements[c] == "" {
			continue
		}
		b = append(b, s[written:i]...)
		b = append(b, htmlReplacements[c]...)
		written = i + 1
	}
	return append(b, s[written:]...)
}

// hrefTemplate escapes a link as the row template did: html/template's
// URL filtering and normalisation in an href attribute.
var hrefTemplate = template.Must(template.New("href").Parse(`<a href="{{.}}">`))

// href is ref as the page's href attribute holds it, made once per link.
func href(cache map[string]string, ref string) string {
	if h, ok := cache[ref]; ok {
		return h
	}
	var sb strings.Builder
	if err := hrefTemplate.Execute(&sb, ref); err != nil {
		// A string always executes; should it not, the link goes nowhere.
		return "#ZgotmplZ"
	}
	h := strings.TrimSuffix(strings.TrimPrefix(sb.String(), `<a href="`), `">`)
	cache[ref] = h
	return h
}
