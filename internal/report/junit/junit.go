// Package junit writes a report as JUnit XML for CI servers: one test suite
// per deployment and resource kind, one test case per finding.
package junit

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/essec-dev/essec/internal/finding"
)

// Options tune the JUnit output. There are none yet; the type keeps the
// signature of every format the same.
type Options struct{}

// Write writes r to w as a JUnit XML document.
//
// A fail is a failure; unknown, not_applicable and waived findings are
// skipped; pass and warn pass (a warn notes itself in system-out). So the
// totals match the report's summary: failures = fail, skipped = unknown +
// not_applicable + suppressed, tests = every finding.
func Write(w io.Writer, r *finding.Report, opts Options) error {
	doc := Build(r)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	return nil
}

// Build returns the JUnit document for r.
func Build(r *finding.Report) *TestSuites {
	names := caseNames(r.Findings)
	rules := finding.RulesByID(r.Rules)
	doc := &TestSuites{Name: "essec"}
	suites := map[string]*TestSuite{}
	for i, f := range r.Findings {
		key := suiteName(f)
		s, ok := suites[key]
		if !ok {
			s = &TestSuite{Name: key, Timestamp: r.GeneratedAt, Time: "0", Properties: suiteProperties(r, f)}
			doc.Suites = append(doc.Suites, s)
			suites[key] = s
		}
		tc := testCase(f, names[i], rules[f.CheckID])
		s.add(tc)
	}
	addNotAudited(doc, r)
	attachErrors(doc, r.Errors)
	for _, s := range doc.Suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
	}
	doc.Time = "0"
	return doc
}

func suiteName(f finding.Finding) string {
	kind := f.Resource.Kind
	if kind == "" {
		kind = "cluster"
	}
	return f.Deployment + "/" + kind
}

func suiteProperties(r *finding.Report, f finding.Finding) *Properties {
	props := &Properties{}
	add := func(name, value string) {
		if value != "" {
			props.Items = append(props.Items, Property{Name: name, Value: value})
		}
	}
	add("deployment", f.Deployment)
	add("resource.kind", f.Resource.Kind)
	add("scan_id", r.ScanID)
	add("target_level", string(r.TargetLevel))
	for _, d := range r.Deployments {
		if d.Name == f.Deployment {
			add("achieved_level", d.AchievedLevel)
			add("version", d.Version)
			for _, l := range finding.Levels {
				add("level."+string(l), string(d.Levels[l]))
			}
		}
	}
	return props
}

// addNotAudited gives each deployment that could not be audited at all a
// suite of its own with one errored test case, so that CI shows it instead
// of a green run without it.
func addNotAudited(doc *TestSuites, r *finding.Report) {
	for _, d := range r.Deployments {
		if d.NotAudited == "" {
			continue
		}
		props := &Properties{Items: []Property{{Name: "deployment", Value: d.Name}, {Name: "scan_id", Value: r.ScanID},
			{Name: "target_level", Value: string(d.TargetLevel)}, {Name: "achieved_level", Value: d.AchievedLevel}}}
		s := &TestSuite{Name: d.Name + "/deployment", Timestamp: r.GeneratedAt, Time: "0", Properties: props}
		s.add(TestCase{Name: "deployment " + d.Name + " audited", Classname: d.Name, Time: "0",
			Error: &Failure{Message: "not audited: " + d.NotAudited, Type: finding.SourceNotAudited, Body: d.NotAudited}})
		doc.Suites = append(doc.Suites, s)
	}
}

// attachErrors puts evidence that could not be collected in the system-err
// of its deployment's first suite, or of an extra empty "essec" suite.
func attachErrors(doc *TestSuites, errs []finding.Error) {
	var extra *TestSuite
	for _, e := range errs {
		var target *TestSuite
		for _, s := range doc.Suites {
			if e.Deployment != "" && s.Properties != nil && s.Properties.value("deployment") == e.Deployment {
				target = s
				break
			}
		}
		if target == nil {
			if extra == nil {
				extra = &TestSuite{Name: "essec", Time: "0"}
			}
			target = extra
		}
		text := errorLine(e) + "\n"
		if target.SystemErr != nil {
			text = target.SystemErr.Text + text
		}
		target.SystemErr = cdata(text)
	}
	if extra != nil {
		doc.Suites = append(doc.Suites, extra)
	}
}

func errorLine(e finding.Error) string {
	if where := e.Where(); where != "" {
		return fmt.Sprintf("%s: %s: %s", e.Source, where, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Source, e.Message)
}
