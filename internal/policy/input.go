package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

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
	r := jsonReader{b: b, strs: map[string]*ast.Term{}, nums: map[string]*ast.Term{}}
	t, err := r.value()
	if err != nil {
		return nil, err
	}
	if r.space(); r.i != len(r.b) {
		return nil, fmt.Errorf("unexpected %q after the value at offset %d", r.b[r.i], r.i)
	}
	return t.Value, nil
}

// jsonReader reads JSON into OPA values. A document repeats a few thousand
// strings (setting names, sources, file paths, issuers, modes) hundreds of
// thousands of times across a fleet's nodes, so each distinct string and
// number becomes one term that every place it occurs shares, as OPA's own
// interned terms are shared: the value is immutable once read. That takes
// about a third off a fleet's input value, which evaluation holds
// throughout.
type jsonReader struct {
	b []byte
	i int
	// stack holds the elements of the arrays and objects being read (an
	// object's as key, value, key, value) until their container closes.
	stack      []*ast.Term
	strs, nums map[string]*ast.Term
	// slab is where the terms of containers are allocated, many at once.
	slab []ast.Term
}

var (
	errJSONEnd = errors.New("unexpected end of JSON")
	trueTerm   = ast.BooleanTerm(true)
	falseTerm  = ast.BooleanTerm(false)
	nullTerm   = ast.NullTerm()
)

// newTerm is a term for a container's value.
func (r *jsonReader) newTerm(v ast.Value) *ast.Term {
	if len(r.slab) == 0 {
		r.slab = make([]ast.Term, 256)
	}
	t := &r.slab[0]
	r.slab = r.slab[1:]
	t.Value = v
	return t
}

// str is the shared term of the string b holds (raw: without escapes).
func (r *jsonReader) str(b []byte) *ast.Term {
	if t, ok := r.strs[string(b)]; ok {
		return t
	}
	s := string(b)
	t := ast.StringTerm(s)
	r.strs[s] = t
	return t
}

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

func (r *jsonReader) value() (*ast.Term, error) {
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
		return r.string()
	case c == '-' || (c >= '0' && c <= '9'):
		start := r.i
		for r.i < len(r.b) && numberByte(r.b[r.i]) {
			r.i++
		}
		text := r.b[start:r.i]
		if t, ok := r.nums[string(text)]; ok {
			return t, nil
		}
		v, err := ast.InterfaceToValue(json.Number(text))
		if err != nil {
			return nil, err
		}
		t := ast.NewTerm(v)
		r.nums[string(text)] = t
		return t, nil
	}
	for _, lit := range []struct {
		text string
		term *ast.Term
	}{{"true", trueTerm}, {"false", falseTerm}, {"null", nullTerm}} {
		if bytes.HasPrefix(r.b[r.i:], []byte(lit.text)) {
			r.i += len(lit.text)
			return lit.term, nil
		}
	}
	return nil, fmt.Errorf("unexpected %q at offset %d", r.b[r.i], r.i)
}

func numberByte(c byte) bool {
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// string reads a JSON string. Strings without escapes (nearly all) are
// taken as they are; the others are decoded by encoding/json.
func (r *jsonReader) string() (*ast.Term, error) {
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
				return r.str(r.b[start+1 : r.i-1]), nil
			}
			var s string
			if err := json.Unmarshal(r.b[start:r.i], &s); err != nil {
				return nil, err
			}
			return r.str([]byte(s)), nil
		}
		r.i++
	}
	return nil, errJSONEnd
}

func (r *jsonReader) array() (*ast.Term, error) {
	r.i++ // [
	mark := len(r.stack)
	r.space()
	if r.i < len(r.b) && r.b[r.i] == ']' {
		r.i++
		return r.newTerm(ast.NewArray()), nil
	}
	for {
		t, err := r.value()
		if err != nil {
			return nil, err
		}
		r.stack = append(r.stack, t)
		if done, err := r.next(']'); err != nil {
			return nil, err
		} else if done {
			elems := slices.Clone(r.stack[mark:])
			r.pop(mark)
			return r.newTerm(ast.NewArray(elems...)), nil
		}
	}
}

// pop drops the elements above mark off the stack.
func (r *jsonReader) pop(mark int) {
	clear(r.stack[mark:])
	r.stack = r.stack[:mark]
}

func (r *jsonReader) object() (*ast.Term, error) {
	r.i++ // {
	mark := len(r.stack)
	r.space()
	if r.i < len(r.b) && r.b[r.i] == '}' {
		r.i++
		return r.newTerm(ast.NewObject()), nil
	}
	for {
		r.space()
		if r.i >= len(r.b) || r.b[r.i] != '"' {
			return nil, fmt.Errorf("object key expected at offset %d", r.i)
		}
		key, err := r.string()
		if err != nil {
			return nil, err
		}
		r.space()
		if r.i >= len(r.b) || r.b[r.i] != ':' {
			return nil, fmt.Errorf("':' expected at offset %d", r.i)
		}
		r.i++
		v, err := r.value()
		if err != nil {
			return nil, err
		}
		r.stack = append(r.stack, key, v)
		if done, err := r.next('}'); err != nil {
			return nil, err
		} else if done {
			kv := r.stack[mark:]
			pairs := make([][2]*ast.Term, len(kv)/2)
			for i := range pairs {
				pairs[i] = [2]*ast.Term{kv[2*i], kv[2*i+1]}
			}
			r.pop(mark)
			return r.newTerm(ast.NewObject(pairs...)), nil
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
