package redact

import (
	"bytes"
	"encoding/json"
	"html"
	"iter"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	ahocorasick "github.com/petar-dambovaliev/aho-corasick"
)

// Secrets is the last-resort scrub of text about to leave the process
// (rendered reports, logs, error messages). Secrets are removed where they
// enter: a secret setting's value never reaches the document. What is left
// for this scrub are texts essec does not shape itself: a server's error
// message, a file's content quoted in a parser error.
//
// The scrub must never change what a report means, so it only replaces
// secrets that cannot be mistaken for anything else (see Unambiguous), only
// as whole tokens, and never a word the report protects (check ids, names).
// All secrets are matched in one pass over the text (Aho-Corasick), so the
// cost does not grow with the number of secrets; secrets added while texts
// are scrubbed go into a few automata of growing size (patternLevels).
//
// It is safe for concurrent use: deployments are collected in parallel, and
// a lost Add would be a secret left unscrubbed.
type Secrets struct {
	mu        sync.Mutex
	forms     map[string]struct{}
	protected map[string]struct{}
	// matchers are built at the next Scrub from the forms added since
	// (pending), or all again when Protect shielded a known form (rebuild).
	matchers patternLevels
	pending  []string
	rebuild  bool
}

// minUnambiguous is the shortest secret the scrub replaces.
const minUnambiguous = 8

// Unambiguous reports whether a secret value can be scrubbed from rendered
// text without touching anything else: at least 8 characters, and a mix of
// at least two of letters, digits and symbols (other than the . _ - that
// names are made of). A value of one kind only (a word such as "elastic",
// "changeme" or "kibana_system", a boolean, a number, a host name without
// digits) reads like the text around it, so scrubbing it would replace
// statuses, user names and commands; such a secret is kept out of the
// report where it enters, never by this scrub.
func Unambiguous(v string) bool {
	if utf8.RuneCountInString(v) < minUnambiguous {
		return false
	}
	var letters, digits, symbols bool
	for _, r := range v {
		switch {
		case unicode.IsLetter(r):
			letters = true
		case unicode.IsDigit(r):
			digits = true
		case r == '.' || r == '_' || r == '-':
		case unicode.IsSpace(r):
			// "two words" is still words.
		default:
			symbols = true
		}
	}
	n := 0
	for _, b := range []bool{letters, digits, symbols} {
		if b {
			n++
		}
	}
	return n >= 2
}

// Add remembers a secret, with the forms it takes in JSON, HTML and XML
// text. A value that is not Unambiguous is ignored.
func (s *Secrets) Add(v string) {
	if s == nil || !Unambiguous(v) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.forms == nil {
		s.forms = map[string]struct{}{}
	}
	for _, f := range escapedForms(v) {
		if _, ok := s.forms[f]; !ok {
			s.forms[f] = struct{}{}
			s.pending = append(s.pending, f)
		}
	}
}

// Protect names words the scrub must leave alone even when a secret has
// the same text: check ids, deployment, node and file names of a report.
// A word is protected in the forms it takes in JSON, HTML and XML too, as
// secrets are looked for in theirs.
func (s *Secrets) Protect(words ...string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range words {
		s.protect(w, len(words))
	}
}

// protect protects one word and its escaped forms; s.mu is held. expect
// sizes the set when it is first made: the words of a report are given at
// once, deduplicated, and the set should not grow through every size.
func (s *Secrets) protect(w string, expect int) {
	if w == "" {
		return
	}
	if s.protected == nil {
		s.protected = make(map[string]struct{}, expect)
	}
	if !escapable(w) {
		s.protectForm(w)
		return
	}
	for _, f := range escapedForms(w) {
		s.protectForm(f)
	}
}

func (s *Secrets) protectForm(f string) {
	if _, ok := s.protected[f]; ok || f == "" {
		return
	}
	s.protected[f] = struct{}{}
	if _, secret := s.forms[f]; secret {
		s.rebuild = true
	}
}

// escapable reports whether w reads differently in JSON, HTML or XML text.
// A report's words and their fragments, a hundred thousand at 400 nodes,
// are asked: one pass over the bytes, U+2028 and U+2029 found by their
// first byte.
func escapable(w string) bool {
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case escapedBytes[c]:
			return true
		case c == 0xE2 && (strings.HasPrefix(w[i:], "\u2028") || strings.HasPrefix(w[i:], "\u2029")):
			return true
		}
	}
	return false
}

// escapedBytes are the bytes JSON, HTML or XML text escape.
var escapedBytes = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	for _, c := range []byte("\"\\<>&'+") {
		t[c] = true
	}
	return t
}()

// Len is the number of texts the scrub looks for.
func (s *Secrets) Len() int {
	if s == nil {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.forms)
}

// compiled returns the matchers (nil: nothing to look for) and the length
// of their longest pattern, building what was added since the last call.
// scanning is the length of the text they are for; whole asks for one
// automaton (a report is about to be scrubbed whole).
func (s *Secrets) compiled(scanning int, whole bool) ([]*ahocorasick.AhoCorasick, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := s.rebuild
	if s.rebuild {
		s.rebuild, s.pending, s.matchers = false, nil, patternLevels{}
		for f := range s.forms {
			s.pending = append(s.pending, f)
		}
	}
	var add []string
	for _, f := range s.pending {
		if _, ok := s.protected[f]; !ok {
			add = append(add, f)
		}
	}
	s.pending = nil
	s.matchers.add(add, all)
	if whole {
		s.matchers.merge()
	} else {
		s.matchers.scan(scanning)
	}
	return s.matchers.snapshot(), s.matchers.longest
}

// Scrub replaces every remembered secret that stands as a whole token in
// text with Mask, in one pass.
func (s *Secrets) Scrub(text string) string {
	if s == nil || text == "" {
		return text
	}
	m, _ := s.compiled(len(text), false)
	if len(m) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	// The automata read bytes: one copy of the text serves them all.
	for start, end := range replacements(m, []byte(text), 0, len(text)) {
		if b.Len() == 0 {
			b.Grow(len(text))
		}
		b.WriteString(text[last:start])
		b.WriteString(Mask)
		last = end
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// replacements yields the spans of text to mask, in order, among the
// matches that start in text[from:limit]. A match's span is decided by the
// bytes of the match and the characters on either side, so text must hold
// the longest pattern and one more character past limit (or end there).
func replacements(ms []*ahocorasick.AhoCorasick, text []byte, from, limit int) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		last := from
		for start, end := range candidates(ms, text[from:]) {
			start, end = from+start, from+end
			if start >= limit {
				return
			}
			// Every position where a secret starts is reported (the
			// search resumes one byte after a match's start): skip those
			// inside a replaced secret, and those that are part of a
			// longer word.
			if start < last || !wholeToken(text, start, end) {
				continue
			}
			if !yield(start, end) {
				return
			}
			last = end
		}
	}
}

// ScrubTokens replaces each of values that stands as a whole token in text
// with Mask, however short or common the value is (values of 4 characters
// or more). It is for the few credentials of one connection in a server's
// error message, not for reports: see Secrets for those.
func ScrubTokens(text string, values ...string) string {
	for _, v := range values {
		if len(v) < 4 {
			continue
		}
		var b strings.Builder
		last := 0
		for from := 0; from < len(text); {
			i := strings.Index(text[from:], v)
			if i < 0 {
				break
			}
			start, end := from+i, from+i+len(v)
			if wholeToken(text, start, end) {
				b.WriteString(text[last:start])
				b.WriteString(Mask)
				last = end
				from = end
				continue
			}
			from = start + 1
		}
		if last > 0 {
			b.WriteString(text[last:])
			text = b.String()
		}
	}
	return text
}

// wholeToken reports whether text[start:end] is not glued to a word
// character on either side (a secret's own first or last character may be
// a symbol: then there is no word to glue to). text is a report's bytes or
// a string; only the characters beside the match are decoded.
func wholeToken[T string | []byte](text T, start, end int) bool {
	if start > 0 && wordByte(text[start]) {
		r, _ := utf8.DecodeLastRuneInString(string(text[max(0, start-utf8.UTFMax):start]))
		if wordRune(r) {
			return false
		}
	}
	if end < len(text) && wordByte(text[end-1]) {
		r, _ := utf8.DecodeRuneInString(string(text[end:min(len(text), end+utf8.UTFMax)]))
		if wordRune(r) {
			return false
		}
	}
	return true
}

// wordByte reports whether a secret's edge byte is part of a word: an ASCII
// letter, digit, '_' or '-' (names such as es-node-01-hot are one word),
// or a byte of a multi-byte character.
func wordByte(c byte) bool {
	return c >= 0x80 || c == '_' || c == '-' || ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

func wordRune(r rune) bool {
	return r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// htmlTemplateEscaper escapes as html/template does in text ('+' too).
var htmlTemplateEscaper = strings.NewReplacer(`"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// escapedForms are the ways a value reads in the text essec writes: as is,
// inside a JSON string (encoding/json's HTML-safe escaping or not: reports,
// and error bodies quoted from servers), and escaped for HTML or XML.
func escapedForms(v string) []string {
	forms := []string{v}
	add := func(f string) {
		for _, g := range forms {
			if g == f {
				return
			}
		}
		forms = append(forms, f)
	}
	for _, escapeHTML := range []bool{true, false} {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(escapeHTML)
		if err := enc.Encode(v); err == nil {
			add(strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(b.String(), `"`), "\n"), `"`))
		}
	}
	add(html.EscapeString(v))
	add(htmlTemplateEscaper.Replace(v))
	return forms
}
