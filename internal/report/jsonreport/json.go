// Package jsonreport writes the JSON report exactly in the shape DESIGN.md
// fixes (schema_version 1); docs/report.schema.json describes it.
package jsonreport

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"github.com/essec-dev/essec/internal/finding"
)

// findingsKey is the findings array, empty, as the indented encoding of the
// report writes it: a top-level key is the only text at two spaces'
// indent after a newline (newlines inside strings are escaped).
var findingsKey = []byte("\n  \"findings\": [],\n")

// Write encodes the report, indented, with a trailing newline. Findings are
// encoded one at a time into the indented frame of the rest of the report,
// so the report is never whole in memory; the bytes are those of encoding
// the report at once.
func Write(w io.Writer, r *finding.Report) error {
	out := *r
	if out.Errors == nil {
		out.Errors = []finding.Error{}
	}
	if out.Deployments == nil {
		out.Deployments = []finding.DeploymentResult{}
	}
	out.Findings = []finding.Finding{}
	var frame bytes.Buffer
	if err := encoder(&frame, "").Encode(out); err != nil {
		return err
	}
	i := bytes.Index(frame.Bytes(), findingsKey)
	if i < 0 {
		return errors.New("the report has no findings array")
	}
	head, tail := frame.Bytes()[:i+len(findingsKey)-3], frame.Bytes()[i+len(findingsKey)-3:]
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(head)
	var one bytes.Buffer
	enc := encoder(&one, "    ")
	for j := range r.Findings {
		one.Reset()
		if err := enc.Encode(&r.Findings[j]); err != nil {
			return err
		}
		if j == 0 {
			bw.WriteString("\n    ")
		} else {
			bw.WriteString(",\n    ")
		}
		bw.Write(bytes.TrimSuffix(one.Bytes(), []byte("\n")))
	}
	if len(r.Findings) > 0 {
		bw.WriteString("\n  ")
	}
	bw.Write(tail)
	return bw.Flush()
}

// encoder indents as the report's encoding does at prefix's depth.
func encoder(w io.Writer, prefix string) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	return enc
}
