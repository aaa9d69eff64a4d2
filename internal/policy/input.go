package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/essec-dev/essec/internal/inventory"
)

// InputValue converts a document to an OPA value; do it once per deployment.
// The document's JSON is read straight into OPA values, in one pass: OPA's
// own reader decodes it to Go values first and converts those, which costs
// twice the time and memory for a fleet's document.
func InputValue(doc *inventory.Document) (ast.Value, error) {
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encode input document: %w", err)
	}
	v, err := jsonValue(b)
	if err != nil {
		return nil, fmt.Errorf("convert input document: %w", err)
	}
	return v, nil
}

// jsonValue reads one JSON value into the value OPA's ast.ValueFromReader
// gives for it.
func jsonValue(b []byte) (ast.Value, error) {
	r := jsonReader{b: b}
	v, err := r.value()
	if err != nil {
		return nil, err
	}
	if r.space(); r.i != len(r.b) {
		return nil, fmt.Errorf("unexpected %q after the value at offset %d", r.b[r.i], r.i)
	}
	return v, nil
}

type jsonReader struct {
	b []byte
	i int
	// stack holds the elements of the arrays and objects being read (an
	// object's as key, value, key, value), so that each container
	// allocates its terms once, in one block, when it closes.
	stack []ast.Value
}

// terms moves the values above mark off the stack into terms allocated
// in one block.
func (r *jsonReader) terms(mark int) []*ast.Term {
	vals := r.stack[mark:]
	block := make([]ast.Term, len(vals))
	out := make([]*ast.Term, len(vals))
	for i, v := range vals {
		block[i].Value = v
		out[i] = &block[i]
	}
	clear(vals)
	r.stack = r.stack[:mark]
	return out
}

var errJSONEnd = errors.New("unexpected end of JSON")

func (r *jsonReader) space() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

func (r *jsonReader) value() (ast.Value, error) {
	r.space()
	if r.i >= len(r.b) {
		return nil, errJSONEnd
	}
	switch c := r.b[r.i]; {
	case c == '{':
		return r.object()
	case c == '[':
		return r.array()
	case c == '"':
		s, err := r.string()
		if err != nil {
			return nil, err
		}
		return ast.InterfaceToValue(s)
	case c == '-' || (c >= '0' && c <= '9'):
		start := r.i
		for r.i < len(r.b) && numberByte(r.b[r.i]) {
			r.i++
		}
		return ast.InterfaceToValue(json.Number(r.b[start:r.i]))
	}
	for _, lit := range []struct {
		text  string
		value any
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if bytes.HasPrefix(r.b[r.i:], []byte(lit.text)) {
			r.i += len(lit.text)
			return ast.InterfaceToValue(lit.value)
		}
	}
	return nil, fmt.Errorf("unexpected %q at offset %d", r.b[r.i], r.i)
}

func numberByte(c byte) bool {
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// string reads a JSON string. Strings without escapes (nearly all) are
// taken as they are; the others are decoded by encoding/json.
func (r *jsonReader) string() (string, error) {
	start := r.i
	r.i++ // opening quote
	escaped := false
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case '\\':
			escaped = true
			r.i += 2
			continue
		case '"':
			r.i++
			if !escaped {
				return string(r.b[start+1 : r.i-1]), nil
			}
			var s string
			if err := json.Unmarshal(r.b[start:r.i], &s); err != nil {
				return "", err
			}
			return s, nil
		}
		r.i++
	}
	return "", errJSONEnd
}

func (r *jsonReader) array() (ast.Value, error) {
	r.i++ // [
	mark := len(r.stack)
	r.space()
	if r.i < len(r.b) && r.b[r.i] == ']' {
		r.i++
		return ast.NewArray(), nil
	}
	for {
		v, err := r.value()
		if err != nil {
			return nil, err
		}
		r.stack = append(r.stack, v)
		if done, err := r.next(']'); err != nil {
			return nil, err
		} else if done {
			return ast.NewArray(r.terms(mark)...), nil
		}
	}
}

func (r *jsonReader) object() (ast.Value, error) {
	r.i++ // {
	mark := len(r.stack)
	r.space()
	if r.i < len(r.b) && r.b[r.i] == '}' {
		r.i++
		return ast.NewObject(), nil
	}
	for {
		r.space()
		if r.i >= len(r.b) || r.b[r.i] != '"' {
			return nil, fmt.Errorf("object key expected at offset %d", r.i)
		}
		k, err := r.string()
		if err != nil {
			return nil, err
		}
		r.space()
		if r.i >= len(r.b) || r.b[r.i] != ':' {
			return nil, fmt.Errorf("':' expected at offset %d", r.i)
		}
		r.i++
		key, err := ast.InterfaceToValue(k)
		if err != nil {
			return nil, err
		}
		v, err := r.value()
		if err != nil {
			return nil, err
		}
		r.stack = append(r.stack, key, v)
		if done, err := r.next('}'); err != nil {
			return nil, err
		} else if done {
			terms := r.terms(mark)
			pairs := make([][2]*ast.Term, len(terms)/2)
			for i := range pairs {
				pairs[i] = [2]*ast.Term{terms[2*i], terms[2*i+1]}
			}
			return ast.NewObject(pairs...), nil
		}
	}
}

// next reads the ',' before another element (false) or the closing
// character (true).
func (r *jsonReader) next(closing byte) (bool, error) {
	r.space()
	if r.i >= len(r.b) {
		return true, errJSONEnd
	}
	switch r.b[r.i] {
	case ',':
		r.i++
		return false, nil
	case closing:
		r.i++
		return true, nil
	}
	return true, fmt.Errorf("',' or %q expected at offset %d", closing, r.i)
}
