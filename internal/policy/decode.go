package policy

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/essec-dev/essec/internal/finding"
)

// resultTerms lists a check's results: the elements of its results set
// (in OPA's sorted order) or array. Anything else, or undefined, is no
// result at all.
func resultTerms(t *ast.Term) []*ast.Term {
	if t == nil {
		return nil
	}
	switch v := t.Value.(type) {
	case ast.Set:
		return v.Slice()
	case *ast.Array:
		out := make([]*ast.Term, 0, v.Len())
		v.Foreach(func(e *ast.Term) { out = append(out, e) })
		return out
	}
	return nil
}

// The keys of a result, made once: every result is read through them.
var (
	statusKey   = ast.StringTerm("status")
	messageKey  = ast.StringTerm("message")
	settingKey  = ast.StringTerm("setting")
	resourceKey = ast.StringTerm("resource")
	evidenceKey = ast.StringTerm("evidence")
	lineKey     = ast.StringTerm("line")
)

// resourceKeys are the string fields of a result's resource.
var resourceKeys = [...]string{"kind", "name", "file", "endpoint", "sha256"}

var resourceKeyTerms = func() (ts [len(resourceKeys)]*ast.Term) {
	for i, k := range resourceKeys {
		ts[i] = ast.StringTerm(k)
	}
	return ts
}()

// decodeResult reads one result of the contract straight from OPA's value
// (no conversion to Go values and JSON round trip): an object with a
// status, a message, and optionally a resource, a setting and evidence. A
// field of the wrong type, an unknown status or a missing message is an
// error; null stands for an absent field. scratch is a buffer the
// evidence is encoded in before it is copied to its own.
func decodeResult(t *ast.Term, scratch *[]byte) (rawResult, error) {
	obj, ok := t.Value.(ast.Object)
	if !ok {
		return rawResult{}, fmt.Errorf("result is %s, not an object", ast.ValueName(t.Value))
	}
	var raw rawResult
	if v := obj.Get(statusKey); v != nil {
		if err := readString(v, &raw.Status); err != nil {
			return rawResult{}, fmt.Errorf("field status: %w", err)
		}
	}
	if v := obj.Get(messageKey); v != nil {
		if err := readString(v, &raw.Message); err != nil {
			return rawResult{}, fmt.Errorf("field message: %w", err)
		}
	}
	if v := obj.Get(settingKey); v != nil {
		if err := readString(v, &raw.Setting); err != nil {
			return rawResult{}, fmt.Errorf("field setting: %w", err)
		}
	}
	if v := obj.Get(resourceKey); v != nil {
		if err := readResource(v, &raw.Resource); err != nil {
			return rawResult{}, fmt.Errorf("field resource: %w", err)
		}
	}
	if v := obj.Get(evidenceKey); v != nil {
		var err error
		if raw.Evidence, err = readEvidence(v, scratch); err != nil {
			return rawResult{}, fmt.Errorf("field evidence: %w", err)
		}
	}
	if !finding.Status(raw.Status).Valid() {
		return rawResult{}, fmt.Errorf("status %q is not pass, fail, warn, unknown or not_applicable", raw.Status)
	}
	if raw.Message == "" {
		return rawResult{}, fmt.Errorf("result has no message")
	}
	return raw, nil
}

func readString(t *ast.Term, dst *string) error {
	switch v := t.Value.(type) {
	case ast.Null:
		return nil
	case ast.String:
		*dst = string(v)
		return nil
	}
	return fmt.Errorf("%s is not a string", ast.ValueName(t.Value))
}

func readResource(t *ast.Term, r *finding.Resource) error {
	if _, null := t.Value.(ast.Null); null {
		return nil
	}
	obj, ok := t.Value.(ast.Object)
	if !ok {
		return fmt.Errorf("%s is not an object", ast.ValueName(t.Value))
	}
	dsts := [len(resourceKeys)]*string{&r.Kind, &r.Name, &r.File, &r.Endpoint, &r.SHA256}
	for i, key := range resourceKeyTerms {
		if v := obj.Get(key); v != nil {
			if err := readString(v, dsts[i]); err != nil {
				return fmt.Errorf("%s: %w", resourceKeys[i], err)
			}
		}
	}
	if v := obj.Get(lineKey); v != nil {
		switch n := v.Value.(type) {
		case ast.Null:
		case ast.Number:
			i, ok := n.Int()
			if !ok {
				return fmt.Errorf("line %s is not a whole number", n)
			}
			r.Line = i
		default:
			return fmt.Errorf("line: %s is not a number", ast.ValueName(v.Value))
		}
	}
	return nil
}

// readEvidence keeps the evidence object encoded (finding.Evidence) as
// the reports render it: as a JSON decoder's Go values encode (numbers as
// float64, sets as arrays, keys sorted). It is written straight from OPA's
// value (appendEvidence) into scratch and copied once; a value that
// writer does not take goes through the Go values.
func readEvidence(t *ast.Term, scratch *[]byte) (finding.Evidence, error) {
	if _, null := t.Value.(ast.Null); null {
		return nil, nil
	}
	obj, ok := t.Value.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("%s is not an object", ast.ValueName(t.Value))
	}
	if obj.Len() == 0 {
		return nil, nil
	}
	if b, ok := appendEvidence((*scratch)[:0], obj); ok {
		*scratch = b
		return finding.Evidence(bytes.Clone(b)), nil
	}
	v, err := ast.JSON(t.Value)
	if err != nil {
		return nil, err
	}
	m, _ := floatNumbers(v).(map[string]any)
	return finding.NewEvidence(m)
}

func floatNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return string(x)
		}
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = floatNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = floatNumbers(e)
		}
	}
	return v
}
