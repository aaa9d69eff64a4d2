package cli

import (
	"bytes"
	"strings"
	"testing"
)

// Progress shows only on a terminal and never with --no-progress; what it
// drew is cleared when the step is done.
func TestProgressOnlyOnTerminal(t *testing.T) {
	for _, tc := range []struct {
		name       string
		tty, noPrg bool
		want       bool
	}{
		{"pipe", false, false, false},
		{"terminal", true, false, true},
		{"terminal with --no-progress", true, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var errOut bytes.Buffer
			d := &Deps{IO: &IOStreams{ErrOut: &errOut, ErrTTY: tc.tty}, NoProgress: tc.noPrg}
			p := newProgress(d, "collecting evidence")
			p.describe("auditing demo-logs")
			p.done()
			if got := strings.Contains(errOut.String(), "essec: collecting evidence"); got != tc.want {
				t.Errorf("progress shown %t, want %t: %q", got, tc.want, errOut.String())
			}
		})
	}
}
