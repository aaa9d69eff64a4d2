package finding

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Evidence is what a check observed and expected: one JSON object, kept
// encoded as a JSON decoder's values encode (keys sorted, numbers as
// float64), without HTML escaping. A fleet's report holds tens of
// thousands of findings, and the encoded object is a tenth of the size of
// a map of Go values; the reports write it as it is. Empty is no evidence
// (and is left out of reports).
type Evidence []byte

// NewEvidence encodes m (JSON values: strings, float64, bool, nil, []any,
// map[string]any); an empty or nil m is no evidence.
func NewEvidence(m map[string]any) (Evidence, error) {
	if len(m) == 0 {
		return nil, nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, fmt.Errorf("encode evidence: %w", err)
	}
	return bytes.Clone(bytes.TrimSuffix(b.Bytes(), []byte("\n"))), nil
}

// MustEvidence is NewEvidence for values known to encode (tests, literals).
func MustEvidence(m map[string]any) Evidence {
	e, err := NewEvidence(m)
	if err != nil {
		panic(err)
	}
	return e
}

// Map decodes the evidence (nil when there is none).
func (e Evidence) Map() map[string]any {
	if len(e) == 0 {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal(e, &m); err != nil {
		return nil
	}
	return m
}

// MarshalJSON writes the object as it is kept (the encoder around it
// escapes HTML if it is set to).
func (e Evidence) MarshalJSON() ([]byte, error) {
	if len(e) == 0 {
		return []byte("null"), nil
	}
	return e, nil
}

// UnmarshalJSON reads an evidence object from a report (a baseline) and
// keeps it in the form NewEvidence gives, whatever its key order or spacing.
func (e *Evidence) UnmarshalJSON(b []byte) error {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	v, err := NewEvidence(m)
	if err != nil {
		return err
	}
	*e = v
	return nil
}
