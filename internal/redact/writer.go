package redact

import (
	"io"
	"unicode/utf8"

	ahocorasick "github.com/petar-dambovaliev/aho-corasick"
)

// writerChunk is how much text a scrubbing writer holds before it scrubs
// and passes it on.
const writerChunk = 64 << 10

// Writer returns a writer that scrubs the text written through it as Scrub
// does and passes it on to w, holding back no more than a chunk and the
// longest secret: a report is scrubbed while it is written, never whole in
// memory. Close writes what is held back; it does not close w. Secrets
// added after Writer was called are not scrubbed by it.
func (s *Secrets) Writer(w io.Writer) io.WriteCloser {
	return newWriter(s, w, writerChunk)
}

func newWriter(s *Secrets, w io.Writer, chunk int) *scrubWriter {
	sw := &scrubWriter{w: w, chunk: chunk}
	if s != nil {
		sw.m, sw.longest = s.compiled(0, true)
	}
	return sw
}

type scrubWriter struct {
	w       io.Writer
	m       []*ahocorasick.AhoCorasick
	longest int
	chunk   int
	// buf is the text held back; buf[:done] was written already and is
	// kept only as the character before the next match.
	buf  []byte
	done int
	out  []byte
	err  error
}

func (sw *scrubWriter) Write(p []byte) (int, error) {
	if sw.err != nil {
		return 0, sw.err
	}
	if len(sw.m) == 0 {
		return sw.w.Write(p)
	}
	sw.buf = append(sw.buf, p...)
	// A match starting before limit lies whole in buf, with the character
	// after it.
	limit := len(sw.buf) - sw.longest - utf8.UTFMax
	if limit-sw.done >= sw.chunk {
		sw.err = sw.flush(limit)
	}
	return len(p), sw.err
}

// Close writes the text held back.
func (sw *scrubWriter) Close() error {
	if sw.err != nil || len(sw.m) == 0 {
		return sw.err
	}
	sw.err = sw.flush(len(sw.buf))
	return sw.err
}

// flush writes buf[done:limit] scrubbed (further when a secret spans
// limit) and keeps the rest, plus one character of context.
func (sw *scrubWriter) flush(limit int) error {
	text := sw.buf
	out, from := sw.out[:0], sw.done
	for start, end := range replacements(sw.m, text, sw.done, limit) {
		out = append(out, text[from:start]...)
		out = append(out, Mask...)
		from = end
	}
	stop := max(limit, from)
	out = append(out, text[from:stop]...)
	sw.out = out
	if _, err := sw.w.Write(out); err != nil {
		return err
	}
	keep := max(stop-utf8.UTFMax, 0)
	n := copy(sw.buf, sw.buf[keep:])
	sw.buf = sw.buf[:n]
	sw.done = stop - keep
	return nil
}
