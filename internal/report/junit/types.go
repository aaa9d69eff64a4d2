package junit

import (
	"encoding/xml"
	"strings"
)

// TestSuites is the document root.
type TestSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []*TestSuite `xml:"testsuite"`
}

// TestSuite groups the findings of one deployment and resource kind.
type TestSuite struct {
	Name       string      `xml:"name,attr"`
	Tests      int         `xml:"tests,attr"`
	Failures   int         `xml:"failures,attr"`
	Errors     int         `xml:"errors,attr"`
	Skipped    int         `xml:"skipped,attr"`
	Time       string      `xml:"time,attr"`
	Timestamp  string      `xml:"timestamp,attr,omitempty"`
	Properties *Properties `xml:"properties,omitempty"`
	Cases      []TestCase  `xml:"testcase"`
	SystemErr  *CData      `xml:"system-err,omitempty"`
}

func (s *TestSuite) add(tc TestCase) {
	s.Cases = append(s.Cases, tc)
	s.Tests++
	if tc.Failure != nil {
		s.Failures++
	}
	if tc.Error != nil {
		s.Errors++
	}
	if tc.Skipped != nil {
		s.Skipped++
	}
}

// Properties lists a suite's properties.
type Properties struct {
	Items []Property `xml:"property"`
}

func (p *Properties) value(name string) string {
	for _, it := range p.Items {
		if it.Name == name {
			return it.Value
		}
	}
	return ""
}

// Property is one name and value.
type Property struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// TestCase is one finding.
type TestCase struct {
	Name      string   `xml:"name,attr"`
	Classname string   `xml:"classname,attr"`
	Time      string   `xml:"time,attr"`
	Failure   *Failure `xml:"failure,omitempty"`
	Error     *Failure `xml:"error,omitempty"`
	Skipped   *Skipped `xml:"skipped,omitempty"`
	SystemOut *CData   `xml:"system-out,omitempty"`
}

// Failure marks a failing check.
type Failure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",cdata"`
}

// Skipped marks a check that could not judge, did not apply or is waived.
type Skipped struct {
	Message string `xml:"message,attr"`
}

// CData is text written as a CDATA section, so line breaks stay readable.
type CData struct {
	Text string `xml:",cdata"`
}

// cdata returns s as CDATA text with the characters XML 1.0 forbids (control
// characters a message might carry from a configuration value) replaced, as
// encoding/xml does for ordinary text but not for CDATA.
func cdata(s string) *CData {
	return &CData{Text: strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF):
			return '\uFFFD'
		}
		return r
	}, s)}
}
