package policy

import (
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

// decodeResult reads one result of the contract straight from OPA's value
// (no conversion to Go values and JSON round trip): an object with a
// status, a message, and optionally a resource, a setting and evidence. A
// field of the wrong type, an unknown status or a missing message is an
// error; null stands for an absent field.
func decodeResult(t *ast.Term) (rawResult, error) {
	obj, ok := t.Value.(ast.Object)
	if !ok {
		return rawResult{}, fmt.Errorf("result is %s, not an object", ast.ValueName(t.Value))
	}
	var raw rawResult
	var err error
	fields := []struct {
		key  string
		read func(*ast.Term) error
	}{
		{"status", func(v *ast.Term) error { return readString(v, &raw.Status) }},
		{"message", func(v *ast.Term) error { return readString(v, &raw.Message) }},
		{"setting", func(v *ast.Term) error { return readString(v, &raw.Setting) }},
		{"resource", func(v *ast.Term) error { return readResource(v, &raw.Resource) }},
		{"evidence", func(v *ast.Term) error { raw.Evidence, err = readEvidence(v); return err }},
	}
	for _, f := range fields {
		v := obj.Get(ast.StringTerm(f.key))
		if v == nil {
			continue
		}
		if err := f.read(v); err != nil {
			return rawResult{}, fmt.Errorf("field %s: %w", f.key, err)
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
	strs := []struct {
		key string
		dst *string
	}{{"kind", &r.Kind}, {"name", &r.Name}, {"file", &r.File}, {"endpoint", &r.Endpoint}, {"sha256", &r.SHA256}}
	for _, s := range strs {
		if v := obj.Get(ast.StringTerm(s.key)); v != nil {
			if err := readString(v, s.dst); err != nil {
				return fmt.Errorf("%s: %w", s.key, err)
			}
		}
	}
	if v := obj.Get(ast.StringTerm("line")); v != nil {
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

// readEvidence converts the evidence object to the Go values a JSON
// decoder would give (numbers as float64, sets as arrays), which is what
// the reports render, and keeps it encoded (finding.Evidence).
func readEvidence(t *ast.Term) (finding.Evidence, error) {
	if _, null := t.Value.(ast.Null); null {
		return nil, nil
	}
	if _, ok := t.Value.(ast.Object); !ok {
		return nil, fmt.Errorf("%s is not an object", ast.ValueName(t.Value))
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
