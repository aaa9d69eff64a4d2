package keystore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"
)

func TestSecretsNeverPrintValues(t *testing.T) {
	const value = "very-secret-value-Ω"
	s := newSecrets(map[string][]byte{"a.password": []byte(value), "b": []byte("other-secret-42")})
	secrets := []string{value, "other-secret-42", "very-secret", "Ω"}

	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	logger.Info("loaded", "secrets", s, "value", *s)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("loaded", slog.Any("secrets", s))
	js, err := json.Marshal(struct {
		S  *Secrets
		SV Secrets
	}{s, *s})
	if err != nil {
		t.Fatal(err)
	}

	outputs := map[string]string{
		"pointer":       fmt.Sprintf("%v %+v %#v %s", s, s, s, s),
		"value":         fmt.Sprintf("%v %+v %#v %s", *s, *s, *s, *s),
		"other verbs":   fmt.Sprintf("%q %x %X %d %T", s, s, *s, *s, s),
		"in a struct":   fmt.Sprintf("%+v %#v", struct{ S Secrets }{*s}, struct{ S Secrets }{*s}),
		"in a slice":    fmt.Sprint([]Secrets{*s}, []*Secrets{s}),
		"in a map":      fmt.Sprint(map[string]Secrets{"k": *s}),
		"String method": s.String(),
		"slog":          logs.String(),
		"json":          string(js),
	}
	for name, out := range outputs {
		assertNoLeak(t, out, secrets...)
		if name != "other verbs" && !bytes.Contains([]byte(out), []byte("[REDACTED 2 entries]")) {
			t.Errorf("%s: %q does not show the redacted form", name, out)
		}
	}
	if got := s.String(); got != "[REDACTED 2 entries]" {
		t.Errorf("String() = %q", got)
	}
}

func TestSecretsAccess(t *testing.T) {
	s := newSecrets(map[string][]byte{
		"ascii":  []byte("changeme"),
		"utf8":   []byte("héllo✓"),
		"binary": {0xff, 0xfe},
		"empty":  {},
	})
	lens := []struct {
		name string
		n    int
		ok   bool
	}{
		{"ascii", 8, true}, {"utf8", 6, true}, {"binary", 0, false}, {"empty", 0, true}, {"missing", 0, false},
	}
	for _, tt := range lens {
		if n, ok := s.Len(tt.name); n != tt.n || ok != tt.ok {
			t.Errorf("Len(%q) = %d, %v; want %d, %v", tt.name, n, ok, tt.n, tt.ok)
		}
	}
	v, ok := s.Get("ascii")
	if !ok || string(v) != "changeme" {
		t.Fatalf("Get(ascii) = %q, %v", v, ok)
	}
	v[0] = 'X'
	if again, _ := s.Get("ascii"); string(again) != "changeme" {
		t.Error("Get returned the stored slice, not a copy")
	}
	if _, ok := s.Get("missing"); ok {
		t.Error("Get(missing) reported found")
	}
	if s.Count() != 4 {
		t.Errorf("Count() = %d, want 4", s.Count())
	}

	stored := s.values["ascii"]
	s.Wipe()
	if s.Count() != 0 || !bytes.Equal(stored, make([]byte, len(stored))) {
		t.Errorf("after Wipe: Count() = %d, stored bytes %v; want 0 and zeros", s.Count(), stored)
	}
}

func TestSecretsNil(t *testing.T) {
	var s *Secrets
	if _, ok := s.Get("a"); ok {
		t.Error("nil Get reported found")
	}
	if _, ok := s.Len("a"); ok {
		t.Error("nil Len reported found")
	}
	if s.Count() != 0 {
		t.Error("nil Count is not 0")
	}
	s.Wipe()
	if got := fmt.Sprintf("%v", s); got != "<nil>" {
		t.Errorf("printing a nil *Secrets gave %q", got)
	}
}
