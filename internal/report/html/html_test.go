package html

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/report/reporttest"
)

func write(t *testing.T, r *finding.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func parse(t *testing.T, data []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, class string) bool {
	v, _ := attr(n, "class")
	for _, c := range strings.Fields(v) {
		if c == class {
			return true
		}
	}
	return false
}

// all returns the element nodes under n that satisfy ok, in document order.
func all(n *html.Node, ok func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && ok(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func class(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return hasClass(n, name) }
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func TestGolden(t *testing.T) {
	got := write(t, reporttest.Fixture(t))
	if want := reporttest.Golden(t, "report.golden.html", got); !bytes.Equal(got, want) {
		t.Errorf("HTML differs from report.golden.html (run go test -update and review the diff)")
	}
}

func TestDeploymentsLadderCountsAndChart(t *testing.T) {
	r := reporttest.Fixture(t)
	doc := parse(t, write(t, r))
	sections := all(doc, class("deployment"))
	if len(sections) != len(r.Deployments) {
		t.Fatalf("%d deployment sections, want %d", len(sections), len(r.Deployments))
	}
	for i, sec := range sections {
		dep := r.Deployments[i]
		if name, _ := attr(sec, "data-deployment"); name != dep.Name {
			t.Errorf("section %d is %q, want %q", i, name, dep.Name)
		}
		ladder := all(sec, class("ladder"))
		if len(ladder) != 1 {
			t.Fatalf("%s: %d ladders", dep.Name, len(ladder))
		}
		steps := all(ladder[0], tag("li"))
		if len(steps) != len(finding.Ladder) {
			t.Errorf("%s: ladder has %d steps", dep.Name, len(steps))
		}
		for j, li := range steps {
			level, _ := attr(li, "data-level")
			verdict, _ := attr(li, "data-verdict")
			if level != string(finding.Ladder[j]) || verdict != string(dep.Levels[finding.Ladder[j]]) {
				t.Errorf("%s: step %d is %s=%s, want %s=%s", dep.Name, j, level, verdict, finding.Ladder[j], dep.Levels[finding.Ladder[j]])
			}
		}
		var fs []finding.Finding
		for _, f := range r.Findings {
			if f.Deployment == dep.Name {
				fs = append(fs, f)
			}
		}
		rows := all(sec, class("finding"))
		for _, row := range rows {
			st, _ := attr(row, "data-status")
			if st != "fail" && st != "unknown" {
				continue
			}
			// The problem (the message), not the title, is what shows.
			sum := all(row, tag("summary"))
			if len(sum) == 1 && len(all(sum[0], class("message"))) != 1 {
				t.Errorf("%s: a %s row's summary does not show its message", dep.Name, st)
			}
		}
		if len(rows) != len(fs) {
			t.Errorf("%s: %d finding rows, want %d", dep.Name, len(rows), len(fs))
		}
		for _, row := range rows {
			if len(all(row, tag("details"))) != 1 || len(all(row, tag("summary"))) != 1 {
				t.Errorf("%s: a finding row without expandable details", dep.Name)
			}
		}
		// The chart's segments add up to the deployment's findings, not
		// applicable ones left out (they say nothing about posture).
		applicable := 0
		for _, f := range fs {
			if f.Suppressed || f.Status != finding.StatusNotApplicable {
				applicable++
			}
		}
		total := 0
		for _, rect := range all(sec, tag("rect")) {
			n, _ := attr(rect, "data-count")
			c, err := strconv.Atoi(n)
			if err != nil {
				t.Fatalf("rect data-count %q", n)
			}
			total += c
		}
		if total != applicable {
			t.Errorf("%s: chart shows %d findings, want %d", dep.Name, total, applicable)
		}
		// One verdict line, and passes and n/a collapsed below the problems.
		if b := all(sec, class("banner")); len(b) != 1 || !strings.HasPrefix(text(b[0]), dep.Name) {
			t.Errorf("%s: no one-line verdict banner", dep.Name)
		}
		for _, q := range all(sec, class("quiet")) {
			if _, open := attr(q, "open"); open {
				t.Errorf("%s: passed findings are expanded", dep.Name)
			}
			for _, row := range all(q, class("finding")) {
				if st, _ := attr(row, "data-status"); st != "pass" && st != "not_applicable" {
					t.Errorf("%s: a %s finding is collapsed with the passes", dep.Name, st)
				}
			}
		}
		// The counts table's footer adds up too.
		foot := all(sec, tag("tfoot"))
		sum := 0
		for _, td := range all(foot[0], tag("td")) {
			n, _ := strconv.Atoi(text(td))
			sum += n
		}
		if sum != len(fs) {
			t.Errorf("%s: counts table totals %d, want %d", dep.Name, sum, len(fs))
		}
	}
	if n := len(all(doc, class("finding"))); n != len(r.Findings) {
		t.Errorf("%d rows in all, want %d", n, len(r.Findings))
	}
}

func TestFilterControls(t *testing.T) {
	doc := parse(t, write(t, reporttest.Fixture(t)))
	for _, id := range []string{"filter-status", "filter-level", "filter-severity"} {
		sel := all(doc, func(n *html.Node) bool { v, _ := attr(n, "id"); return v == id })
		if len(sel) != 1 || sel[0].Data != "select" {
			t.Fatalf("no select #%s", id)
		}
		if opts := all(sel[0], tag("option")); len(opts) < 5 {
			t.Errorf("#%s has %d options", id, len(opts))
		}
	}
	row := all(doc, class("finding"))[0]
	for _, a := range []string{"data-status", "data-level", "data-severity", "data-waived"} {
		if _, ok := attr(row, a); !ok {
			t.Errorf("finding row lacks %s", a)
		}
	}
}

func TestWaivedAndEvidenceShown(t *testing.T) {
	doc := parse(t, write(t, reporttest.Fixture(t)))
	var waived *html.Node
	for _, row := range all(doc, class("finding")) {
		if id, _ := attr(row, "id"); id == "finding-feedfacefeedfacefeedfacefeedface" {
			waived = row
		}
	}
	if waived == nil {
		t.Fatal("waived KIB-01 row missing")
	}
	if v, _ := attr(waived, "data-waived"); v != "true" {
		t.Errorf("data-waived %q", v)
	}
	txt := text(waived)
	for _, want := range []string{"sessions are not persisted", "owner platform-team", "until 2025-09-30", "essec fix --checks KIB-01", "kibana-encryption-keys", "/etc/kibana/kibana.yml"} {
		if !strings.Contains(txt, want) {
			t.Errorf("waived row lacks %q", want)
		}
	}
	if notices := all(doc, func(n *html.Node) bool { v, _ := attr(n, "id"); return v == "notices" }); len(notices) != 1 || !strings.Contains(text(notices[0]), "waiver for HTTPS-04") {
		t.Errorf("expired-waiver warning not shown")
	}
}

// TestSelfContained checks that nothing on the page can make a request:
// no external resource, no CSS import, and a CSP that allows only the
// page's own style and script.
func TestSelfContained(t *testing.T) {
	data := write(t, reporttest.Fixture(t))
	doc := parse(t, data)
	assertNoExternalResources(t, doc)
	var csp string
	for _, m := range all(doc, tag("meta")) {
		if v, _ := attr(m, "http-equiv"); v == "Content-Security-Policy" {
			csp, _ = attr(m, "content")
		}
	}
	if !strings.HasPrefix(csp, "default-src 'none'") {
		t.Fatalf("CSP %q", csp)
	}
	for _, name := range []string{"style", "script"} {
		els := all(doc, tag(name))
		if len(els) != 1 {
			t.Fatalf("%d %s elements, want 1", len(els), name)
		}
		sum := sha256.Sum256([]byte(text(els[0])))
		if h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, name+"-src "+h) {
			t.Errorf("CSP does not allow the inline %s by its hash %s", name, h)
		}
		if body := text(els[0]); strings.Contains(body, "url(") || strings.Contains(body, "@import") || strings.Contains(body, "fetch(") || strings.Contains(body, "XMLHttpRequest") {
			t.Errorf("inline %s can load something", name)
		}
	}
}

// assertNoExternalResources fails on any attribute that would load a URL
// (links to documentation in <a href> are navigation, not requests).
func assertNoExternalResources(t *testing.T, doc *html.Node) {
	t.Helper()
	for _, n := range all(doc, func(*html.Node) bool { return true }) {
		for _, a := range n.Attr {
			v := strings.ToLower(strings.TrimSpace(a.Val))
			remote := strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "//")
			switch {
			case a.Key == "href" && n.Data == "a":
				if remote {
					if rel, _ := attr(n, "rel"); !strings.Contains(rel, "noreferrer") {
						t.Errorf("link %s without rel=noreferrer", a.Val)
					}
				}
			case a.Key == "src" || a.Key == "href" || a.Key == "srcset" || a.Key == "poster" || a.Key == "data" ||
				a.Key == "action" || a.Key == "formaction" || a.Key == "xlink:href" || a.Key == "background":
				if remote || strings.HasPrefix(v, "file:") {
					t.Errorf("<%s %s=%q> loads a resource", n.Data, a.Key, a.Val)
				}
			case a.Key == "style":
				t.Errorf("<%s> has an inline style attribute the CSP would block", n.Data)
			case strings.HasPrefix(a.Key, "on"):
				t.Errorf("<%s> has an inline handler %s the CSP would block", n.Data, a.Key)
			}
		}
		if n.Data == "link" || n.Data == "img" || n.Data == "iframe" || n.Data == "object" || n.Data == "embed" {
			t.Errorf("page has a <%s> element", n.Data)
		}
	}
}

func TestHostileTextIsEscaped(t *testing.T) {
	r := reporttest.Fixture(t)
	r.Findings[0].Message = `</script><script>alert(1)</script><img src=https://evil.example/x>`
	r.Findings[0].Title = `"><svg onload=alert(1)>`
	r.Findings[0].Evidence = finding.MustEvidence(map[string]any{"observed": `<iframe src="https://evil.example">`})
	r.Findings[0].References = []string{`javascript:alert(1)`}
	doc := parse(t, write(t, r))
	if n := len(all(doc, tag("script"))); n != 1 {
		t.Errorf("%d script elements", n)
	}
	assertNoExternalResources(t, doc)
	for _, a := range all(doc, tag("a")) {
		if href, _ := attr(a, "href"); strings.HasPrefix(href, "javascript:") {
			t.Errorf("javascript: URL kept in a link")
		}
	}
}

func TestEmptyReport(t *testing.T) {
	doc := parse(t, write(t, &finding.Report{Tool: finding.Tool{Name: "essec"}}))
	if n := len(all(doc, class("finding"))); n != 0 {
		t.Errorf("%d rows", n)
	}
}

func TestNoSecretsBeyondReport(t *testing.T) {
	r, _ := reporttest.SecretBait(t)
	if bytes.Contains(write(t, r), []byte(reporttest.Canary)) {
		t.Errorf("HTML output contains a secret that is not in the report")
	}
}

func TestDemoReport(t *testing.T) {
	r := reporttest.Demo(t)
	doc := parse(t, write(t, r))
	if n := len(all(doc, class("finding"))); n != len(r.Findings) {
		t.Errorf("%d rows, want %d", n, len(r.Findings))
	}
	if n := len(all(doc, class("ladder"))); n != len(r.Deployments) {
		t.Errorf("%d ladders, want %d", n, len(r.Deployments))
	}
	assertNoExternalResources(t, doc)
}
