package yamledit

import (
	"bytes"
	"unicode/utf8"
)

// source is the file's bytes with its line starts.
type source struct {
	data  []byte
	lines []int // byte offset of the start of each line (0-based index = line-1)
	eol   string
}

func newSource(data []byte) *source {
	s := &source{data: data, lines: []int{0}, eol: "\n"}
	for i, c := range data {
		if c == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	if i := bytes.IndexByte(data, '\n'); i > 0 && data[i-1] == '\r' {
		s.eol = "\r\n"
	}
	return s
}

// lineCount is the number of lines (a final line without newline counts).
func (s *source) lineCount() int {
	n := len(s.lines)
	if s.lines[n-1] == len(s.data) {
		n--
	}
	return n
}

// lineStart and lineEnd give the byte span of a 1-based line without its
// line ending; lineNext the start of the following line.
func (s *source) lineStart(line int) int { return s.lines[line-1] }

func (s *source) lineNext(line int) int {
	if line < len(s.lines) {
		return s.lines[line]
	}
	return len(s.data)
}

func (s *source) lineEnd(line int) int {
	end := s.lineNext(line)
	if end > s.lineStart(line) && s.data[end-1] == '\n' {
		end--
	}
	if end > s.lineStart(line) && s.data[end-1] == '\r' {
		end--
	}
	return end
}

func (s *source) line(line int) []byte { return s.data[s.lineStart(line):s.lineEnd(line)] }

// offset converts yaml.v3's 1-based line and column (columns count
// characters, not bytes) to a byte offset.
func (s *source) offset(line, column int) (int, bool) {
	if line < 1 || line > len(s.lines) {
		return 0, false
	}
	start, end := s.lineStart(line), s.lineEnd(line)
	off := start
	for c := 1; c < column; c++ {
		if off >= end {
			return 0, false
		}
		_, size := utf8.DecodeRune(s.data[off:end])
		off += size
	}
	return off, true
}

// indent is the number of leading spaces of a line; blank reports a line
// holding only spaces, comment one whose first non-space is '#'.
func (s *source) indent(line int) (n int, blank, comment bool) {
	b := s.line(line)
	for n < len(b) && b[n] == ' ' {
		n++
	}
	if n == len(b) {
		return n, true, false
	}
	return n, false, b[n] == '#'
}
