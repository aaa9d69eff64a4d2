package jsonreport

import (
	"encoding/json"
	"strconv"

	"github.com/essec-dev/essec/internal/finding"
)

// A fleet's report holds tens of thousands of findings. encoding/json
// encodes each through reflection and then indents the result in a second
// pass that scans every byte again; appendFinding writes the indented
// bytes at once, field by field. The bytes are those of the report's
// encoder (SetIndent with two spaces, SetEscapeHTML(false)), which the
// tests compare over random findings; a field added to finding.Finding
// must be added here too (TestFindingFieldsAreAllWritten).

// Each finding is an element of the findings array: its fields are three
// levels deep, the fields of its objects four.
const (
	fieldIndent  = "\n      "
	nestedIndent = "\n        "
	closeFinding = "\n    }"
	closeNested  = "\n      }"
	closeList    = "\n      ]"
)

// appendFinding appends f as the indented report encodes it inside the
// findings array, from its opening to its closing brace.
func appendFinding(b []byte, f *finding.Finding) []byte {
	b = append(b, '{')
	b = appendKey(b, fieldIndent, "check_id")
	b = appendString(b, f.CheckID)
	b = appendStringField(b, fieldIndent, "title", f.Title)
	b = appendStringField(b, fieldIndent, "level", string(f.Level))
	b = appendStringField(b, fieldIndent, "severity", string(f.Severity))
	if f.Component != "" {
		b = appendStringField(b, fieldIndent, "component", f.Component)
	}
	b = appendStringField(b, fieldIndent, "status", string(f.Status))
	b = appendStringField(b, fieldIndent, "deployment", f.Deployment)
	b = append(b, ',')
	b = appendKey(b, fieldIndent, "resource")
	b = appendResource(b, &f.Resource)
	if f.Setting != "" {
		b = appendStringField(b, fieldIndent, "setting", f.Setting)
	}
	b = appendStringField(b, fieldIndent, "message", f.Message)
	if len(f.Evidence) > 0 {
		b = append(b, ',')
		b = appendKey(b, fieldIndent, "evidence")
		b = finding.AppendJSONIndented(b, f.Evidence, fieldIndent)
	}
	b = append(b, ',')
	b = appendKey(b, fieldIndent, "remediation")
	b = append(b, '{')
	if f.Remediation.ID != "" {
		b = appendKey(b, nestedIndent, "id")
		b = appendString(b, f.Remediation.ID)
		b = append(b, ',')
	}
	b = appendKey(b, nestedIndent, "summary")
	b = appendString(b, f.Remediation.Summary)
	b = append(b, ',')
	b = appendKey(b, nestedIndent, "automated")
	b = strconv.AppendBool(b, f.Remediation.Automated)
	b = append(b, closeNested...)
	if len(f.References) > 0 {
		b = append(b, ',')
		b = appendKey(b, fieldIndent, "references")
		b = append(b, '[')
		for i, r := range f.References {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, nestedIndent...)
			b = appendString(b, r)
		}
		b = append(b, closeList...)
	}
	b = appendStringField(b, fieldIndent, "fingerprint", f.Fingerprint)
	if f.Suppressed {
		b = append(b, ',')
		b = appendKey(b, fieldIndent, "suppressed")
		b = append(b, "true"...)
	}
	if w := f.Waiver; w != nil {
		b = append(b, ',')
		b = appendKey(b, fieldIndent, "waiver")
		b = append(b, '{')
		b = appendKey(b, nestedIndent, "reason")
		b = appendString(b, w.Reason)
		if w.Owner != "" {
			b = appendStringField(b, nestedIndent, "owner", w.Owner)
		}
		if w.Expires != "" {
			b = appendStringField(b, nestedIndent, "expires", w.Expires)
		}
		b = append(b, closeNested...)
	}
	return append(b, closeFinding...)
}

func appendResource(b []byte, r *finding.Resource) []byte {
	b = append(b, '{')
	b = appendKey(b, nestedIndent, "kind")
	b = appendString(b, r.Kind)
	b = appendStringField(b, nestedIndent, "name", r.Name)
	if r.File != "" {
		b = appendStringField(b, nestedIndent, "file", r.File)
	}
	if r.Line != 0 {
		b = append(b, ',')
		b = appendKey(b, nestedIndent, "line")
		b = strconv.AppendInt(b, int64(r.Line), 10)
	}
	if r.Endpoint != "" {
		b = appendStringField(b, nestedIndent, "endpoint", r.Endpoint)
	}
	if r.SHA256 != "" {
		b = appendStringField(b, nestedIndent, "sha256", r.SHA256)
	}
	return append(b, closeNested...)
}

// appendStringField appends a comma and a string field after others.
func appendStringField(b []byte, indent, key, v string) []byte {
	b = append(b, ',')
	b = appendKey(b, indent, key)
	return appendString(b, v)
}

func appendKey(b []byte, indent, key string) []byte {
	b = append(b, indent...)
	b = append(b, '"')
	b = append(b, key...)
	return append(b, '"', ':', ' ')
}

// appendString appends s quoted as the report's encoder quotes it.
func appendString(b []byte, s string) []byte { return finding.AppendJSONString(b, s) }

// encodable reports whether appendFinding writes f as encoding/json
// would: its evidence is valid JSON (else encoding/json fails, and the
// report with it, with encoding/json's own error).
func encodable(f *finding.Finding) bool {
	return len(f.Evidence) == 0 || json.Valid(f.Evidence)
}
