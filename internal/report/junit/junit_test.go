package junit

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

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

// parse reads the XML back with types of its own, so the test checks the
// document rather than the writer's structs.
type xmlDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Skipped  int `xml:"skipped,attr"`
	Errors   int `xml:"errors,attr"`
	Suites   []struct {
		Name      string `xml:"name,attr"`
		Tests     int    `xml:"tests,attr"`
		Failures  int    `xml:"failures,attr"`
		Skipped   int    `xml:"skipped,attr"`
		SystemErr string `xml:"system-err"`
		Cases     []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parse(t *testing.T, data []byte) xmlDoc {
	t.Helper()
	var doc xmlDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("output is not XML: %v", err)
	}
	return doc
}

func TestGolden(t *testing.T) {
	got := write(t, reporttest.Fixture(t))
	want := reporttest.Golden(t, "junit.golden.xml", got)
	if !bytes.Equal(got, want) {
		t.Errorf("JUnit differs from junit.golden.xml (run go test -update and review the diff)\n%s", got)
	}
}

func TestTotalsMatchSummary(t *testing.T) {
	for name, r := range map[string]*finding.Report{"fixture": reporttest.Fixture(t), "demo": reporttest.Demo(t)} {
		t.Run(name, func(t *testing.T) { checkTotals(t, r) })
	}
}

func checkTotals(t *testing.T, r *finding.Report) {
	s := finding.Summarize(r.Findings)
	if s != r.Summary {
		t.Fatalf("fixture summary %+v disagrees with its findings %+v", r.Summary, s)
	}
	doc := parse(t, write(t, r))
	total := s.Pass + s.Fail + s.Warn + s.Unknown + s.NotApplicable + s.Suppressed
	if doc.Tests != total || doc.Failures != s.Fail || doc.Skipped != s.Unknown+s.NotApplicable+s.Suppressed || doc.Errors != 0 {
		t.Errorf("totals tests=%d failures=%d skipped=%d errors=%d, want %d %d %d 0",
			doc.Tests, doc.Failures, doc.Skipped, doc.Errors, total, s.Fail, s.Unknown+s.NotApplicable+s.Suppressed)
	}
	var tests, failures, skipped int
	for _, su := range doc.Suites {
		var f, sk int
		for _, c := range su.Cases {
			if c.Failure != nil {
				f++
			}
			if c.Skipped != nil {
				sk++
			}
		}
		if su.Tests != len(su.Cases) || su.Failures != f || su.Skipped != sk {
			t.Errorf("suite %s: attributes %d/%d/%d, cases say %d/%d/%d", su.Name, su.Tests, su.Failures, su.Skipped, len(su.Cases), f, sk)
		}
		tests, failures, skipped = tests+su.Tests, failures+su.Failures, skipped+su.Skipped
	}
	if tests != doc.Tests || failures != doc.Failures || skipped != doc.Skipped {
		t.Errorf("suites add up to %d/%d/%d, root says %d/%d/%d", tests, failures, skipped, doc.Tests, doc.Failures, doc.Skipped)
	}
}

func uniqueNames(t *testing.T, r *finding.Report) map[string]bool {
	t.Helper()
	doc := parse(t, write(t, r))
	seen := map[string]bool{}
	for _, su := range doc.Suites {
		for _, c := range su.Cases {
			if seen[c.Name] {
				t.Errorf("test case name %q repeated", c.Name)
			}
			seen[c.Name] = true
		}
	}
	return seen
}

func TestNamesUnique(t *testing.T) {
	uniqueNames(t, reporttest.Demo(t))
	seen := uniqueNames(t, reporttest.Fixture(t))
	for _, want := range []string{
		"MIN-01 es02",
		"BAS-06 es01 xpack.security.transport.ssl.keystore.password",
		"BAS-06 es01 xpack.security.transport.ssl.truststore.password",
		"MIN-01 es01 [staging]",
		"HTTPS-01 prod-logs",
	} {
		if !seen[want] {
			t.Errorf("no test case named %q; have %v", want, seen)
		}
	}
}

func TestCaseNamesWithoutDistinguishingData(t *testing.T) {
	f := finding.Finding{CheckID: "X-1", Deployment: "d", Resource: finding.Resource{Kind: "node", Name: "n"}}
	got := caseNames([]finding.Finding{f, f, f})
	want := []string{"X-1 n", "X-1 n #2", "X-1 n #3"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("caseNames = %q, want %q", got, want)
	}
}

func TestSuitesAndOutcomes(t *testing.T) {
	doc := parse(t, write(t, reporttest.Fixture(t)))
	var names []string
	cases := map[string]int{}
	for _, su := range doc.Suites {
		names = append(names, su.Name)
		for _, c := range su.Cases {
			cases[c.Name]++
			switch c.Name {
			case "BAS-01 es01":
				if c.Classname != "essec.basic" || c.Failure == nil || c.Failure.Type != "critical" ||
					!strings.Contains(c.Failure.Message, `expected "true"`) ||
					!strings.Contains(c.Failure.Body, "elasticsearch-certutil") ||
					!strings.Contains(c.Failure.Body, "essec fix --checks BAS-01") ||
					!strings.Contains(c.Failure.Body, "elasticsearch.yml:14") {
					t.Errorf("BAS-01 es01: %+v %+v", c, c.Failure)
				}
			case "KIB-01 kb01":
				if c.Skipped == nil || !strings.Contains(c.Skipped.Message, "waived (fail): sessions are not persisted") || !strings.Contains(c.Skipped.Message, "owner platform-team, expires 2025-09-30") {
					t.Errorf("waived KIB-01: %+v", c.Skipped)
				}
			case "HTTPS-01 prod-logs":
				if c.Skipped == nil || !strings.HasPrefix(c.Skipped.Message, "unknown: ") {
					t.Errorf("unknown HTTPS-01: %+v", c.Skipped)
				}
			case "MIN-04 staging":
				if c.Skipped == nil || !strings.HasPrefix(c.Skipped.Message, "not applicable: ") {
					t.Errorf("not applicable MIN-04: %+v", c.Skipped)
				}
			case "BAS-04 es01":
				if c.Failure != nil || c.Skipped != nil || !strings.HasPrefix(c.SystemOut, "warning: ") {
					t.Errorf("warn BAS-04 should pass with a note: %+v", c)
				}
			}
		}
	}
	want := "prod-logs/node prod-logs/cluster prod-logs/kibana staging/cluster staging/node staging/certificate edge/node edge/kibana essec"
	if strings.Join(names, " ") != want {
		t.Errorf("suites %q, want %q", strings.Join(names, " "), want)
	}
	if !strings.Contains(doc.Suites[0].SystemErr, "403 security_exception") {
		t.Errorf("prod-logs collection error not in its suite's system-err: %q", doc.Suites[0].SystemErr)
	}
	if last := doc.Suites[len(doc.Suites)-1]; last.Tests != 0 || !strings.Contains(last.SystemErr, "waiver for HTTPS-04") {
		t.Errorf("errors without deployment: %+v", last)
	}
}

func TestEmptyReport(t *testing.T) {
	doc := parse(t, write(t, &finding.Report{}))
	if doc.Tests != 0 || len(doc.Suites) != 0 {
		t.Errorf("empty report: %+v", doc)
	}
}

func TestNoSecretsBeyondReport(t *testing.T) {
	r, _ := reporttest.SecretBait(t)
	if bytes.Contains(write(t, r), []byte(reporttest.Canary)) {
		t.Errorf("JUnit output contains a secret that is not in the report")
	}
}

func TestControlCharactersStayValidXML(t *testing.T) {
	r := &finding.Report{Findings: []finding.Finding{
		{CheckID: "X-1", Status: "fail", Deployment: "d", Message: "value \x00\x1b[31m", Remediation: finding.Remediation{Summary: "fix \x07 it ]]> now"}},
		{CheckID: "X-2", Status: "warn", Deployment: "d", Message: "warn \x01"},
	}}
	doc := parse(t, write(t, r))
	c := doc.Suites[0].Cases[0]
	if !strings.Contains(c.Failure.Body, "fix \uFFFD it ]]> now") {
		t.Errorf("failure body %q", c.Failure.Body)
	}
}
