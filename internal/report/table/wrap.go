package table

import (
	"regexp"
	"strings"

	"github.com/mattn/go-runewidth"
)

// wrapHanging breaks s into lines at spaces, the first line first columns
// wide (it follows a label), the others rest columns; a word longer than a
// line (a path) is split. max > 0 keeps at most max lines and ends the last
// with "…" when text was left out.
func wrapHanging(s string, first, rest, max int) []string {
	if first < 10 {
		first = 10
	}
	if rest < 10 {
		rest = 10
	}
	width := first
	var lines []string
	var cur strings.Builder
	curW := 0
	flush := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		curW = 0
		width = rest
	}
	for _, word := range strings.Fields(s) {
		ww := runewidth.StringWidth(word)
		if curW > 0 && curW+1+ww > width {
			flush()
		}
		for ww > width {
			head := runewidth.Truncate(word, width-curW, "")
			if head == "" {
				flush()
				continue
			}
			cur.WriteString(head)
			flush()
			word = word[len(head):]
			ww = runewidth.StringWidth(word)
		}
		if curW > 0 {
			cur.WriteByte(' ')
			curW++
		}
		cur.WriteString(word)
		curW += ww
	}
	if curW > 0 || len(lines) == 0 {
		flush()
	}
	if max > 0 && len(lines) > max {
		w := rest
		if max == 1 {
			w = first
		}
		// The last line shown is filled to the width before it is cut, so
		// that as much of the text as fits is read.
		last := strings.Join(lines[max-1:], " ")
		lines = lines[:max]
		lines[max-1] = clip(last, w)
	}
	return lines
}

// clip cuts s to width columns, ending with "…" when it had to cut; a
// width of 0 or less cuts nothing. Colour codes take no column; a line that
// must be cut loses its colours rather than keep half an escape sequence.
func clip(s string, width int) string {
	if width <= 0 || visibleWidth(s) <= width {
		return s
	}
	plain := ansi.ReplaceAllString(s, "")
	return runewidth.Truncate(plain, width, "…")
}

// ansi matches the colour codes painter writes (and only those: text from
// deployments was escaped before).
var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// visibleWidth is the number of columns s takes, colour codes left out.
func visibleWidth(s string) int {
	return runewidth.StringWidth(ansi.ReplaceAllString(s, ""))
}
