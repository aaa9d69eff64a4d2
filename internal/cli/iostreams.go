package cli

import (
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"
)

// IOStreams are a command's standard streams and what they are connected to.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// OutTTY and ErrTTY say whether stdout and stderr are terminals.
	OutTTY, ErrTTY bool
	// Getenv reads the environment (tests inject their own).
	Getenv func(string) (string, bool)
}

// SystemStreams returns the process's streams.
func SystemStreams() *IOStreams {
	return &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		Getenv: os.LookupEnv,
	}
}

// ColorEnabled applies --color and NO_COLOR: auto means colour only on a
// terminal and never when NO_COLOR is set.
func (s *IOStreams) ColorEnabled(mode string) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if v, ok := s.Getenv("NO_COLOR"); ok && v != "" {
		return false
	}
	return s.OutTTY
}

// TerminalWidth is the width of stdout when it is a terminal, else $COLUMNS
// when set, else 0: pipes and CI logs get lines that are never cut, so
// that grep sees whole findings.
func (s *IOStreams) TerminalWidth() int {
	if f, ok := s.Out.(*os.File); ok && s.OutTTY {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
	}
	if v, ok := s.Getenv("COLUMNS"); ok {
		if w, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && w > 0 {
			return w
		}
	}
	return 0
}
