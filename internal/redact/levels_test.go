package redact

import (
	"fmt"
	"strings"
	"testing"
)

// TestScrubWhileAddingMatchesOneAutomaton adds secrets one at a time and
// scrubs between additions, as collection does (so the secrets sit in
// several automata), and compares every scrub with that of a set holding
// the same secrets from the start (one automaton). Some secrets are
// prefixes of others, added in both orders, so the longest match at a
// position must win across automata.
func TestScrubWhileAddingMatchesOneAutomaton(t *testing.T) {
	var secrets []string
	for i := range 40 {
		base := fmt.Sprintf("s3cr%03d+Key", i)
		secrets = append(secrets, base)
		if i%3 == 0 {
			secrets = append(secrets, base+"Longer9")
		}
		if i%5 == 0 {
			secrets = append([]string{base + "Tail7"}, secrets...)
		}
	}
	text := func(upto int) string {
		var b strings.Builder
		for i, s := range secrets[:upto] {
			fmt.Fprintf(&b, "node%d: %s; %s-x <%s> \"%s\"\n", i, s, s+"Longer9", s, strings.ToUpper(s))
		}
		return b.String()
	}
	incremental := &Secrets{}
	for i, s := range secrets {
		incremental.Add(s)
		got := incremental.Scrub(text(i + 1))
		once := &Secrets{}
		for _, x := range secrets[:i+1] {
			once.Add(x)
		}
		if want := once.Scrub(text(i + 1)); got != want {
			t.Fatalf("after %d secrets (%d automata), the scrub differs from one automaton's:\n got %q\nwant %q", i+1, len(incremental.matchers.levels), got, want)
		}
	}
	if n := len(incremental.matchers.levels); n < 2 {
		t.Errorf("%d automata: the test did not exercise several", n)
	}
	if !strings.Contains(incremental.Scrub(secrets[0]+" "+secrets[1]), Mask) {
		t.Error("nothing masked")
	}
}
