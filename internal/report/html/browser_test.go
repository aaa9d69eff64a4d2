package html

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/essec-dev/essec/internal/report/reporttest"
)

// chromium finds a Chromium binary, or skips the test with a message.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium is not installed (apt-get install chromium): skipping the headless browser test")
	return ""
}

// render loads the page in headless Chromium and returns the DOM after its
// script ran. The network is cut off, so a request leaving the page could
// only fail, and the test also checks the DOM for resource URLs.
func render(t *testing.T, bin, page, fragment string) *html.Node {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
		"--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",
		"--user-data-dir="+t.TempDir(), "--dump-dom", "file://"+page+fragment)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	return parse(t, stdout.Bytes())
}

func TestRendersInChromium(t *testing.T) {
	bin := chromium(t)
	r := reporttest.Fixture(t)
	page := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(page, write(t, r), 0o644); err != nil {
		t.Fatal(err)
	}

	doc := render(t, bin, page, "")
	if n := len(all(doc, class("ladder"))); n != len(r.Deployments) {
		t.Errorf("%d ladders rendered, want %d", n, len(r.Deployments))
	}
	rows := all(doc, class("finding"))
	if len(rows) != len(r.Findings) {
		t.Fatalf("%d finding rows rendered, want %d", len(rows), len(r.Findings))
	}
	for _, row := range rows {
		if _, hidden := attr(row, "hidden"); hidden {
			t.Errorf("a row is hidden without a filter")
		}
	}
	if len(all(doc, tag("svg"))) != len(r.Deployments) {
		t.Errorf("charts missing")
	}
	assertNoExternalResources(t, doc)

	// A filter in the fragment hides everything but active failures.
	doc = render(t, bin, page, "#status=fail")
	visible := 0
	for _, row := range all(doc, class("finding")) {
		_, hidden := attr(row, "hidden")
		status, _ := attr(row, "data-status")
		waived, _ := attr(row, "data-waived")
		if status == "pass" && !hidden {
			t.Errorf("a pass is visible with #status=fail")
		}
		if status == "fail" && waived == "false" && hidden {
			t.Errorf("a failure is hidden with #status=fail")
		}
		if !hidden {
			visible++
		}
	}
	if visible != r.Summary.Fail {
		t.Errorf("%d rows visible with #status=fail, want %d", visible, r.Summary.Fail)
	}
	out := all(doc, func(n *html.Node) bool { v, _ := attr(n, "id"); return v == "shown" })
	if len(out) != 1 || !strings.HasPrefix(text(out[0]), "6 of 16") {
		t.Errorf("counter after filtering: %v", out)
	}

	// Filters combine, and the query string works too.
	doc = render(t, bin, page, "?level=basic#severity=high")
	for _, row := range all(doc, class("finding")) {
		_, hidden := attr(row, "hidden")
		level, _ := attr(row, "data-level")
		sev, _ := attr(row, "data-severity")
		if want := level == "basic" && sev == "high"; hidden == want {
			t.Errorf("row level=%s severity=%s hidden=%v with level=basic, severity=high", level, sev, hidden)
		}
	}
}

// The 3-node demo prints on a few A4 pages, every column on the page: print
// to PDF with Chromium and count the pages.
func TestPrintsOnFewPages(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	page, pdf := filepath.Join(dir, "report.html"), filepath.Join(dir, "report.pdf")
	if err := os.WriteFile(page, write(t, reporttest.Demo(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir="+t.TempDir(),
		"--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium --print-to-pdf: %v\n%s", err, out)
	}
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(data, -1))
	t.Logf("the demo prints on %d A4 pages", pages)
	if pages == 0 || pages > 8 {
		t.Errorf("the demo prints on %d pages, want a few (at most 8)", pages)
	}
}
