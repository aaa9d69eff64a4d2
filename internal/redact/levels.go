package redact

import (
	"iter"
	"slices"

	ahocorasick "github.com/petar-dambovaliev/aho-corasick"
)

// patternLevels matches a set of patterns that grows while it is used:
// secrets are added node after node during collection, and error messages
// are scrubbed in between. Rebuilding one automaton over every pattern at
// each scrub grew with the square of the fleet (100 nodes, each adding a
// secret and scrubbing one message: 2.4 s). Instead the patterns are kept
// in automata of decreasing size, merged like the digits of a binary
// counter when a new batch is as large as the smallest: each pattern is
// rebuilt about log2(n) times, and a scrub runs at most that many
// automata, merging their matches (candidates).
//
// The levels added one batch after another are NFAs (cheap to build); the
// single automaton they are merged into (merge), before a whole report is
// scrubbed or once much text was scrubbed with several levels, is a DFA
// (costly to build, fast to run), as is a set built at once (dfa).
type patternLevels struct {
	levels  []patternLevel
	longest int
	// bytes is the patterns' total length; scanned the text scrubbed
	// since the levels were last merged into one.
	bytes, scanned int
}

type patternLevel struct {
	m        *ahocorasick.AhoCorasick
	patterns []string
}

// add builds patterns into the levels: a DFA when dfa is set and they are
// the only level.
func (p *patternLevels) add(patterns []string, dfa bool) {
	if len(patterns) == 0 {
		return
	}
	batch := slices.Clone(patterns)
	for n := len(p.levels); n > 0 && len(p.levels[n-1].patterns) <= len(batch); n = len(p.levels) {
		batch = append(batch, p.levels[n-1].patterns...)
		p.levels = p.levels[:n-1]
	}
	for _, f := range patterns {
		p.longest = max(p.longest, len(f))
		p.bytes += len(f)
	}
	p.levels = append(p.levels, build(batch, dfa && len(p.levels) == 0))
}

// merge builds every pattern into one DFA, when there are several levels.
func (p *patternLevels) merge() {
	p.scanned = 0
	if len(p.levels) < 2 {
		return
	}
	var all []string
	for _, l := range p.levels {
		all = append(all, l.patterns...)
	}
	p.levels = []patternLevel{build(all, true)}
}

// scan counts text about to be scrubbed, and merges the levels once the
// text scrubbed since the last merge outweighs building them into one
// automaton (a scrub runs every level over the text).
func (p *patternLevels) scan(n int) {
	p.scanned += n
	if len(p.levels) > 1 && p.scanned > 64*p.bytes {
		p.merge()
	}
}

func build(patterns []string, dfa bool) patternLevel {
	b := ahocorasick.NewAhoCorasickBuilder(ahocorasick.Opts{MatchKind: ahocorasick.LeftMostLongestMatch, DFA: dfa})
	m := b.Build(patterns)
	return patternLevel{m: &m, patterns: patterns}
}

// snapshot returns the automata, for use after the levels change.
func (p *patternLevels) snapshot() []*ahocorasick.AhoCorasick {
	out := make([]*ahocorasick.AhoCorasick, len(p.levels))
	for i, l := range p.levels {
		out[i] = l.m
	}
	return out
}

// candidates yields, in order of their start, the leftmost-longest match
// at each position of text where a pattern starts, as one automaton over
// every pattern would: at each start the longest of the automata's matches.
// The automata read text in place: a report's chunk is never copied.
func candidates(ms []*ahocorasick.AhoCorasick, text []byte) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		its := make([]ahocorasick.Iter, len(ms))
		heads := make([]*ahocorasick.Match, len(ms))
		for i, m := range ms {
			its[i] = m.IterByte(text)
			heads[i] = its[i].Next()
		}
		for {
			start, end := -1, -1
			for _, h := range heads {
				if h != nil && (start < 0 || h.Start() < start) {
					start = h.Start()
				}
			}
			if start < 0 {
				return
			}
			for i, h := range heads {
				if h != nil && h.Start() == start {
					end = max(end, h.End())
					heads[i] = its[i].Next()
				}
			}
			if !yield(start, end) {
				return
			}
		}
	}
}
