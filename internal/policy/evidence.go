package policy

import (
	"errors"
	"math"
	"reflect"
	"strconv"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/essec-dev/essec/internal/finding"
)

// A fleet's findings carry tens of thousands of evidence objects. Each was
// converted to Go values (ast.JSON), its numbers to float64, and encoded
// by encoding/json (reflection, map keys sorted); appendEvidence writes the
// same bytes from OPA's value directly. The tests compare both over random
// values.

// plainObject is the type of the objects evaluation builds; others (a lazy
// object over Go values of the store) are left to the Go values' path.
var plainObject = reflect.TypeOf(ast.NewObject())

// appendEvidence appends v encoded as readEvidence's Go values encode, or
// reports false for a value it does not write the same: an object with a
// key that is not a string (encoding/json writes the key as JSON text, and
// two keys may meet), a lazy object, a number that is not a finite
// float64, or a value that is not JSON.
func appendEvidence(b []byte, v ast.Value) ([]byte, bool) {
	switch x := v.(type) {
	case ast.Null:
		return append(b, "null"...), true
	case ast.Boolean:
		return strconv.AppendBool(b, bool(x)), true
	case ast.String:
		return finding.AppendJSONString(b, string(x)), true
	case ast.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			// json.Number.Float64 failed: the number stays its text.
			return finding.AppendJSONString(b, string(x)), true
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return b, false
		}
		return appendFloat(b, f), true
	case *ast.Array:
		b = append(b, '[')
		for i := range x.Len() {
			if i > 0 {
				b = append(b, ',')
			}
			var ok bool
			if b, ok = appendEvidence(b, x.Elem(i).Value); !ok {
				return b, false
			}
		}
		return append(b, ']'), true
	case ast.Set:
		b = append(b, '[')
		ok, first := true, true
		_ = x.Iter(func(t *ast.Term) error {
			if !first {
				b = append(b, ',')
			}
			first = false
			b, ok = appendEvidence(b, t.Value)
			if !ok {
				return errNotPlain
			}
			return nil
		})
		return append(b, ']'), ok
	case ast.Object:
		if reflect.TypeOf(x) != plainObject {
			return b, false
		}
		return appendObject(b, x)
	}
	return b, false
}

// errNotPlain stops an iteration over a value appendEvidence leaves to
// the Go values' path.
var errNotPlain = errors.New("not a plain value")

// appendObject writes obj with its keys in encoding/json's order of a
// map's keys: byte order, which is OPA's order of string keys.
func appendObject(b []byte, obj ast.Object) ([]byte, bool) {
	b = append(b, '{')
	first := true
	err := obj.Iter(func(k, v *ast.Term) error {
		key, ok := k.Value.(ast.String)
		if !ok {
			return errNotPlain
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = finding.AppendJSONString(b, string(key))
		b = append(b, ':')
		if b, ok = appendEvidence(b, v.Value); !ok {
			return errNotPlain
		}
		return nil
	})
	return append(b, '}'), err == nil
}

// appendFloat writes f as encoding/json writes a float64.
func appendFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
