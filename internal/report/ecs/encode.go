package ecs

import (
	"encoding/json"
	"strconv"

	"github.com/essec-dev/essec/internal/finding"
)

// A fleet's ECS output is tens of thousands of documents; encoding/json
// spent most of the format's time in reflection. appendDocument writes
// the bytes json.Encoder writes with SetEscapeHTML(false), field by field
// (TestDocumentsAreEncodingJSONBytes compares both over random documents,
// and a document with every field set: a field added to Document must be
// added here too).

// appendDocument appends d as one compact JSON object, or reports false
// when its evidence is not valid JSON (encoding/json then fails the
// write with its own error).
func appendDocument(b []byte, d *Document) ([]byte, bool) {
	if len(d.Result.Evidence) > 0 && !json.Valid(d.Result.Evidence) {
		return b, false
	}
	b = append(b, `{"@timestamp":`...)
	b = appendStr(b, d.Timestamp)
	b = append(b, `,"ecs":{"version":`...)
	b = appendStr(b, d.ECS.Version)
	b = append(b, '}')
	if d.Message != "" {
		b = append(b, `,"message":`...)
		b = appendStr(b, d.Message)
	}
	e := &d.Event
	b = append(b, `,"event":{"kind":`...)
	b = appendStr(b, e.Kind)
	b = append(b, `,"category":`...)
	b = appendStrings(b, e.Category)
	b = append(b, `,"type":`...)
	b = appendStrings(b, e.Type)
	b = append(b, `,"outcome":`...)
	b = appendStr(b, e.Outcome)
	b = append(b, `,"id":`...)
	b = appendStr(b, e.ID)
	b = append(b, `,"dataset":`...)
	b = appendStr(b, e.Dataset)
	b = append(b, `},"result":{"evaluation":`...)
	b = appendStr(b, d.Result.Evaluation)
	if len(d.Result.Evidence) > 0 {
		b = append(b, `,"evidence":`...)
		b = finding.AppendJSONCompact(b, d.Result.Evidence)
	}
	r := &d.Rule
	b = append(b, `},"rule":{"id":`...)
	b = appendStr(b, r.ID)
	b = append(b, `,"name":`...)
	b = appendStr(b, r.Name)
	b = appendOptional(b, `,"description":`, r.Description)
	b = appendOptional(b, `,"remediation":`, r.Remediation)
	b = appendOptional(b, `,"reference":`, r.Reference)
	b = append(b, `,"section":`...)
	b = appendStr(b, r.Section)
	bm := &r.Benchmark
	b = append(b, `,"benchmark":{"id":`...)
	b = appendStr(b, bm.ID)
	b = append(b, `,"name":`...)
	b = appendStr(b, bm.Name)
	b = append(b, `,"version":`...)
	b = appendStr(b, bm.Version)
	b = append(b, `,"rule_number":`...)
	b = appendStr(b, bm.RuleNumber)
	b = append(b, `,"posture_type":`...)
	b = appendStr(b, bm.PostureType)
	b = append(b, `}},"resource":{"id":`...)
	b = appendStr(b, d.Resource.ID)
	b = append(b, `,"name":`...)
	b = appendStr(b, d.Resource.Name)
	b = append(b, `,"type":`...)
	b = appendStr(b, d.Resource.Type)
	b = append(b, `,"sub_type":`...)
	b = appendStr(b, d.Resource.SubType)
	b = append(b, `},"orchestrator":{"cluster":{"id":`...)
	b = appendStr(b, d.Orchestrator.Cluster.ID)
	b = append(b, `,"name":`...)
	b = appendStr(b, d.Orchestrator.Cluster.Name)
	b = append(b, `}},"service":{"type":`...)
	b = appendStr(b, d.Service.Type)
	b = append(b, '}')
	if d.Host != nil {
		b = append(b, `,"host":{"name":`...)
		b = appendStr(b, d.Host.Name)
		b = append(b, '}')
	}
	b = appendEssec(append(b, `,"essec":`...), &d.Essec)
	return append(b, '}'), true
}

func appendEssec(b []byte, e *Essec) []byte {
	b = append(b, `{"level":`...)
	b = appendStr(b, e.Level)
	b = append(b, `,"severity":`...)
	b = appendStr(b, e.Severity)
	b = append(b, `,"status":`...)
	b = appendStr(b, e.Status)
	b = append(b, `,"fingerprint":`...)
	b = appendStr(b, e.Fingerprint)
	b = append(b, `,"scan_id":`...)
	b = appendStr(b, e.ScanID)
	b = appendOptional(b, `,"tool_version":`, e.ToolVersion)
	b = appendOptional(b, `,"component":`, e.Component)
	b = appendOptional(b, `,"setting":`, e.Setting)
	b = append(b, `,"suppressed":`...)
	b = strconv.AppendBool(b, e.Suppressed)
	if w := e.Waiver; w != nil {
		b = append(b, `,"waiver":{"reason":`...)
		b = appendStr(b, w.Reason)
		b = appendOptional(b, `,"owner":`, w.Owner)
		b = appendOptional(b, `,"expires":`, w.Expires)
		b = append(b, '}')
	}
	// Location's fields are all optional: its first one written opens
	// the object without a comma.
	b = append(b, `,"location":{`...)
	open := len(b)
	loc := &e.Location
	if loc.File != "" {
		b = append(b, `"file":`...)
		b = appendStr(b, loc.File)
	}
	if loc.Line != 0 {
		b = appendComma(b, open)
		b = append(b, `"line":`...)
		b = strconv.AppendInt(b, int64(loc.Line), 10)
	}
	if loc.Endpoint != "" {
		b = appendComma(b, open)
		b = append(b, `"endpoint":`...)
		b = appendStr(b, loc.Endpoint)
	}
	b = append(b, '}')
	if rem := e.Remediation; rem != nil {
		b = append(b, `,"remediation":{"id":`...)
		b = appendStr(b, rem.ID)
		b = append(b, `,"automated":`...)
		b = strconv.AppendBool(b, rem.Automated)
		b = append(b, '}')
	}
	return append(b, '}')
}

// appendComma separates a field from the one before it, unless it is the first
// since open.
func appendComma(b []byte, open int) []byte {
	if len(b) > open {
		return append(b, ',')
	}
	return b
}

func appendStr(b []byte, s string) []byte { return finding.AppendJSONString(b, s) }

// appendOptional appends a string field left out when empty (omitempty).
func appendOptional(b []byte, key, v string) []byte {
	if v == "" {
		return b
	}
	return appendStr(append(b, key...), v)
}

// appendStrings appends a list of strings; nil is null, as encoding/json writes it.
func appendStrings(b []byte, l []string) []byte {
	if l == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendStr(b, s)
	}
	return append(b, ']')
}
