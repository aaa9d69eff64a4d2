package yamlconf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// maxLocateSize bounds the input for which a syntax error's line is searched
// by re-parsing prefixes.
const maxLocateSize = 256 << 10

// yamlErrRE splits "yaml: line 7: mapping values are not allowed".
var yamlErrRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// decodeDocs decodes up to max documents. It returns the document nodes,
// each holding one root node.
func decodeDocs(data []byte, max int) (docs []*yaml.Node, err error) {
	defer func() {
		// The YAML library reports its own errors; anything else it raises
		// is a bug that must not take the audit down.
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: the YAML parser failed on this input")
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for len(docs) < max {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			if errors.Is(err, io.EOF) {
				return docs, nil
			}
			return docs, err
		}
		if len(n.Content) == 0 {
			continue
		}
		docs = append(docs, &n)
	}
	return docs, nil
}

// syntaxError turns a YAML library error into a *SyntaxError with the line
// the problem is on. The library's own line is sometimes 0-based, sometimes
// the start of the enclosing block and sometimes missing, so the line is
// found as the shortest run of leading lines that fails the same way.
func syntaxError(path string, data []byte, err error) *SyntaxError {
	msg := err.Error()
	line, text := 0, msg
	if m := yamlErrRE.FindStringSubmatch(msg); m != nil {
		text = m[2]
		if m[1] != "" {
			line, _ = strconv.Atoi(m[1])
		}
	}
	if l := locate(data, msg, line); l > 0 {
		line = l
	}
	if looksLikeTemplate(data, line) {
		text += " (the line looks like an unrendered template: render the file first)"
	}
	return &SyntaxError{File: path, Line: line, Msg: text}
}

// templateLineRE matches template syntax (Go, Jinja, Terraform) or a line
// that is nothing but a build placeholder.
var templateLineRE = regexp.MustCompile(`\{\{|\{%|%\{|^\s*\$\{[^}]*\}\s*$`)

// looksLikeTemplate reports whether the 1-based line of data holds template
// syntax.
func looksLikeTemplate(data []byte, line int) bool {
	if line < 1 {
		return false
	}
	lines := bytes.SplitN(data, []byte("\n"), line+1)
	if len(lines) < line {
		return false
	}
	return templateLineRE.Match(bytes.TrimRight(lines[line-1], "\r"))
}

// locateWindow is how many lines past the library's own line are tried.
const locateWindow = 64

// locate finds the line of a parse error: for a character the YAML reader
// rejects, the first line holding such a character; otherwise the smallest
// k in [hint-1, hint+locateWindow] such that the first k lines fail with the
// same message. It returns 0 when neither applies.
func locate(data []byte, msg string, hint int) int {
	if strings.Contains(msg, "UTF-8") || strings.Contains(msg, "control characters") {
		if l := badCharLine(data); l > 0 {
			return l
		}
	}
	if len(data) > maxLocateSize {
		return 0
	}
	var ends []int
	for i, c := range data {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(data) {
		ends = append(ends, len(data))
	}
	start := max(hint-1, 1)
	for k := start; k <= len(ends) && k <= start+locateWindow; k++ {
		_, err := decodeDocs(data[:ends[k-1]], 2)
		if err != nil && err.Error() == msg {
			return k
		}
	}
	return 0
}

// badCharLine returns the 1-based line of the first byte sequence that is
// not UTF-8 or is a control character YAML forbids, or 0.
func badCharLine(data []byte) int {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return line
		case r == '\n':
			line++
		case r < 0x20 && r != '\t' && r != '\r', r >= 0x7f && r <= 0x9f && r != 0x85, r == 0xfffe, r == 0xffff:
			return line
		}
		i += size
	}
	return 0
}
