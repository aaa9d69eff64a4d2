package html

import (
	"bytes"
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/finding"
)

// rowTemplate is the row as the page's template wrote it before appendRow
// wrote it: the markup and escaping appendRow must keep.
const rowTemplate = `{{define "row"}}<tr class="finding st-{{if .Waived}}waived{{else}}{{.Status}}{{end}}" id="finding-{{.ID}}" data-status="{{.Status}}" data-waived="{{.Waived}}" data-level="{{.Level}}" data-severity="{{.Severity}}" data-deployment="{{.Deployment}}">
<td><span class="badge st-{{.Status}}">{{label .Status}}</span>{{if .Waived}} <span class="badge st-waived">waived</span>{{end}}</td>
<td class="sev sev-{{.Severity}}">{{.Severity}}</td>
<td>{{.Level}}</td>
<td class="id"><code>{{.CheckID}}</code></td>
<td>{{.Resource}}</td>
<td><details><summary><span class="message">{{or .Message .Title}}</span></summary>
<p class="title">{{.Title}}</p>
<dl class="detail">
{{with .Location}}<dt>Location</dt><dd><code>{{.}}</code></dd>{{end}}
{{with .Setting}}<dt>Setting</dt><dd><code>{{.}}</code></dd>{{end}}
{{with .Evidence}}<dt>Evidence</dt><dd><dl class="evidence">{{range .}}<dt>{{index . 0}}</dt><dd><code>{{index . 1}}</code></dd>{{end}}</dl></dd>{{end}}
{{with .Remediation}}<dt>Remediation</dt><dd>{{.}}</dd>{{end}}
{{with .FixCommand}}<dt>Automated fix</dt><dd><code>{{.}}</code></dd>{{end}}
{{with .Waiver}}<dt>Waived</dt><dd>{{.Reason}}{{with .Owner}} · owner {{.}}{{end}}{{with .Expires}} · until {{.}}{{end}}</dd>{{end}}
{{with .References}}<dt>Documentation</dt><dd><ul class="refs">{{range .}}<li><a href="{{.}}" rel="noopener noreferrer">{{.}}</a></li>{{end}}</ul></dd>{{end}}
</dl>
</details></td>
</tr>
{{end}}`

var rowPieces = []string{
	"a", "es-01", " ", "\"", "'", "&", "<", ">", "+", "\x00", "\n", "\t", "é", "日本", "\xff", "\xe2\x80",
	"\ufdd0", "\ufffe", "&amp;", "<script>", "not_applicable", "fail", "javascript:", "%zz", "/", "?", "#", "=",
}

func randomPiece(rng *rand.Rand) string {
	if rng.IntN(4) == 0 {
		return ""
	}
	var b strings.Builder
	for n := 1 + rng.IntN(5); n > 0; n-- {
		b.WriteString(rowPieces[rng.IntN(len(rowPieces))])
	}
	return b.String()
}

var rowLinks = []string{
	"https://www.elastic.co/docs/deploy-manage/security", "https://x.example/a b?c=<d>&e='f'+g", "javascript:alert(1)",
	"mailto:ops@example.com", "HTTP://EXAMPLE.COM/é", "/relative path", "%zz%41", "data:text/html,<b>", "",
}

func randomRow(rng *rand.Rand) row {
	r := row{
		Status: randomPiece(rng), Severity: randomPiece(rng), Level: randomPiece(rng), CheckID: randomPiece(rng),
		Title: randomPiece(rng), Deployment: randomPiece(rng), Resource: randomPiece(rng), Location: randomPiece(rng),
		Setting: randomPiece(rng), Message: randomPiece(rng), Waived: rng.IntN(2) == 0, Remediation: randomPiece(rng),
		FixCommand: randomPiece(rng), ID: randomPiece(rng),
	}
	if rng.IntN(3) == 0 {
		r.Status = "not_applicable"
	}
	if rng.IntN(2) == 0 {
		r.Waiver = &finding.Waiver{Reason: randomPiece(rng), Owner: randomPiece(rng), Expires: randomPiece(rng)}
	}
	for n := rng.IntN(3); n > 0; n-- {
		r.Evidence = append(r.Evidence, [2]string{randomPiece(rng), randomPiece(rng)})
	}
	for n := rng.IntN(3); n > 0; n-- {
		r.References = append(r.References, rowLinks[rng.IntN(len(rowLinks))]+randomPiece(rng))
	}
	return r
}

// TestRowsAreTheTemplatesBytes: a row written by appendRow has the bytes
// the page's row template gave it, over random rows whose texts need
// every escape (markup characters, NUL, invalid UTF-8) and whose links
// need html/template's URL filtering and normalisation.
func TestRowsAreTheTemplatesBytes(t *testing.T) {
	tmpl := template.Must(template.New("page").Funcs(funcs).Parse(`<table><tbody>{{range .}}{{template "row" .}}{{end}}</tbody></table>` + rowTemplate))
	rng := rand.New(rand.NewPCG(7, 8))
	hrefs := map[string]string{}
	for i := range 3000 {
		r := randomRow(rng)
		var want bytes.Buffer
		if err := tmpl.ExecuteTemplate(&want, "page", []row{r}); err != nil {
			t.Fatal(err)
		}
		got := append([]byte("<table><tbody>"), appendRow(nil, &r, hrefs)...)
		got = append(got, "</tbody></table>"...)
		if !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("row %d %+v:\ngot\n%s\nwant\n%s", i, r, got, want.Bytes())
		}
	}
}
