package evidence

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"

	"github.com/essec-dev/essec/internal/boundedfile"
	"github.com/essec-dev/essec/internal/inventory"
)

// decode yields the documents of one stream, named name in errors: one
// document, an array of documents, or documents one after another (NDJSON,
// or indented ones concatenated). check sees each document with where it
// starts ("name:line (document n)").
func decode(name string, r io.Reader, check func(*inventory.Document, string) error) iter.Seq2[*inventory.Document, error] {
	return func(yield func(*inventory.Document, error) bool) {
		lc := &lineCounter{r: r, limit: boundedfile.Document.Limit}
		dec := json.NewDecoder(lc)
		n := 0
		at := func(line int) string { return fmt.Sprintf("%s:%d (document %d)", name, line, n) }
		fail := func(line int, err error) {
			yield(nil, fmt.Errorf("%s: not an essec input document: %w", at(line), err))
		}
		if !dec.More() {
			if _, err := dec.Token(); err != io.EOF {
				fail(lc.line(dec), errors.Join(err, errors.New("expected a JSON object or array")))
				return
			}
			yield(nil, fmt.Errorf("%s holds no input document", name))
			return
		}
		array := peek(dec) == '['
		if array {
			if _, err := dec.Token(); err != nil {
				fail(lc.line(dec), err)
				return
			}
		}
		for dec.More() {
			n++
			line := lc.line(dec)
			lc.start = dec.InputOffset()
			d := &inventory.Document{}
			if err := dec.Decode(d); err != nil {
				var syntax *json.SyntaxError
				if errors.As(err, &syntax) {
					line += newlines(dec.Buffered(), syntax.Offset)
				}
				fail(line, err)
				return
			}
			if err := check(d, at(line)); err != nil {
				yield(nil, err)
				return
			}
			if !yield(d, nil) {
				return
			}
		}
		if array {
			if tok, err := dec.Token(); err != nil || tok != json.Delim(']') {
				fail(lc.line(dec), fmt.Errorf("the array does not end after document %d", n))
				return
			}
		}
		if n == 0 {
			yield(nil, fmt.Errorf("%s holds no input document", name))
			return
		}
		if _, err := dec.Token(); err != io.EOF {
			n++
			fail(lc.line(dec), errors.New("unexpected text after the last document"))
		}
	}
}

// peek is the next byte the decoder will read (after More skipped spaces).
func peek(dec *json.Decoder) byte {
	var b [1]byte
	if n, _ := dec.Buffered().Read(b[:]); n == 1 {
		return b[0]
	}
	return 0
}

// lineCounter counts the newlines read through it, and refuses a document
// over the size limit of an input document.
type lineCounter struct {
	r     io.Reader
	lines int
	read  int64
	// start is the offset where the document being read starts.
	start int64
	limit int64
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.lines += bytes.Count(p[:n], []byte{'\n'})
	c.read += int64(n)
	if c.read-c.start > c.limit+64<<10 {
		return n, fmt.Errorf("a document is over the %s limit for an %s", boundedfile.Size(c.limit), boundedfile.Document.Name)
	}
	return n, err
}

// line is the line of the decoder's next value: the newlines read, less
// those still in its buffer, plus those before the value (after an array's
// comma).
func (c *lineCounter) line(dec *json.Decoder) int {
	n := 1 + c.lines - newlines(dec.Buffered(), -1)
	r, ok := dec.Buffered().(io.ByteReader)
	if !ok {
		return n
	}
	for b, err := r.ReadByte(); err == nil; b, err = r.ReadByte() {
		switch b {
		case '\n':
			n++
		case ' ', '\t', '\r', ',':
		default:
			return n
		}
	}
	return n
}

// newlines counts the newlines of r's first limit bytes (all with -1).
func newlines(r io.Reader, limit int64) int {
	if limit >= 0 {
		r = io.LimitReader(r, limit)
	}
	var c countWriter
	_, _ = io.Copy(&c, r)
	return int(c)
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(bytes.Count(p, []byte{'\n'}))
	return len(p), nil
}
