package yamlconf

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
		msg  string
	}{
		{"mapping values on first line", "a: b: c\n", 1, "mapping values are not allowed in this context"},
		{"mapping values later", "# c\na: 1\n\nb: c: d\n", 4, "mapping values are not allowed in this context"},
		{"bad indentation", "a:\n  - b\n - c\n", 3, "did not find expected key"},
		{"tab indentation", "a:\n\tb: 1\n", 2, "found character that cannot start any token"},
		{"unterminated quote", "a: 1\nb: \"open\nc: 2\n", 2, "found unexpected end of stream"},
		{"template directive", "a: 1\n%{ if x ~}\nb: 2\n", 2, "could not find expected directive name"},
		{"bare placeholders", "#\n${path.data}\n#\n${path.logs}\n", 4, "did not find expected <document start>"},
		{"list document", "- a\n- b\n", 1, "the file holds a list, not a mapping of settings"},
		{"scalar document", "# x\njust text\n", 2, "the file holds a single value, not a mapping of settings"},
		{"two documents", "a: 1\n---\nb: 2\n", 2, "a second YAML document starts here"},
		{"kubernetes manifest", "apiVersion: v1\nkind: ConfigMap\ndata:\n  x: y\n", 2, "this is a Kubernetes manifest (kind: ConfigMap)"},
		{"helm wrapper", "replicas: 3\nesConfig:\n  elasticsearch.yml: |\n    xpack.security.enabled: true\n", 3, "the settings are the text of esConfig.elasticsearch.yml"},
		{"mapping as key", "? {a: 1}\n: x\n", 1, "a setting name must be a plain value"},
		{"control character", "a: 1\nb: \x01\n", 2, "control characters are not allowed"},
		{"invalid utf-8", "a: 1\nb: \xff\n", 2, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("config/elasticsearch.yml", []byte(tt.src), Elasticsearch, nil)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v (%T), want *SyntaxError", err, err)
			}
			if se.Line != tt.line || !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("got line %d %q, want line %d %q", se.Line, se.Msg, tt.line, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), "config/elasticsearch.yml:") || strings.Contains(err.Error(), "yaml:") {
				t.Errorf("Error() = %q", err.Error())
			}
		})
	}
}

func TestSyntaxErrorFormat(t *testing.T) {
	e := &SyntaxError{File: "elasticsearch.yml", Line: 7, Msg: "mapping values are not allowed in this context"}
	if got := e.Error(); got != "elasticsearch.yml:7: mapping values are not allowed in this context" {
		t.Errorf("Error() = %q", got)
	}
	e.Line = 0
	if got := e.Error(); got != "elasticsearch.yml: mapping values are not allowed in this context" {
		t.Errorf("Error() = %q", got)
	}
}

func TestUnknownDialect(t *testing.T) {
	if _, err := Parse("x.yml", []byte("a: 1\n"), Dialect(7), nil); err == nil {
		t.Fatal("want an error for an unknown dialect")
	}
}

// Errors and problems name settings and lines, never values.
func TestNoValuesInMessages(t *testing.T) {
	const secret = "Sup3rS3cretValue"
	srcs := []string{
		"xpack.security.http.ssl.keystore.secure_password: \"" + secret + "\\q\"\n",
		"a: 1\nbootstrap.password: " + secret + ": x\n",
		"- " + secret + "\n",
		secret + "\n",
		"p: ${MISSING:" + secret + "x}${NOPE}\n",
		"p: ${${" + "X}}\n",
		"p: " + secret + "\np: " + secret + "\n",
		"p:\n  - q: " + secret + "\n",
		"a: &" + secret + " x\nb: *" + secret + "\n",
	}
	env := envOf(map[string]string{"X": secret})
	for _, d := range []Dialect{Elasticsearch, Kibana} {
		for _, src := range srcs {
			f, err := Parse("k.yml", []byte(src), d, env)
			if err != nil && strings.Contains(err.Error(), secret) {
				t.Errorf("%v: error shows the value: %v", d, err)
			}
			if f == nil {
				continue
			}
			for _, p := range f.Problems {
				if strings.Contains(p.Message, secret) && !strings.Contains(p.Message, "alias *"+secret) {
					t.Errorf("%v: problem shows the value: %q", d, p.Message)
				}
			}
		}
	}
}

// Errors deep in a long file are located without re-parsing every prefix.
func TestSyntaxErrorLineInLongFile(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "setting.number%d: value\n", i)
	}
	base := b.String()
	tests := []struct {
		tail string
		line int
	}{
		{"bad: x: y\n", 3001},
		{"list:\n  - a\n - b\n", 3003},
		{"ok: 1\nutf8: \xc3\x28\n", 3002},
	}
	for _, tt := range tests {
		_, err := Parse("big.yml", []byte(base+tt.tail), Elasticsearch, nil)
		var se *SyntaxError
		if !errors.As(err, &se) || se.Line != tt.line {
			t.Errorf("%q: got %v, want line %d", tt.tail, err, tt.line)
		}
	}
}
