package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/essec-dev/essec/internal/collect"
	"github.com/essec-dev/essec/internal/inventory"
)

// hintMarker starts the part of a collection message that says what to do
// (the cluster and probe collectors write it).
const hintMarker = "; hint: "

// failure words why a deployment's collection failed, for the command line:
// its first error only (an unreachable cluster fails every one of its calls
// the same way) and how many more there were, with the hints apart, each
// once.
func failure(doc *inventory.Document, err error) (msg string, hints []string) {
	text := err.Error()
	more := 0
	if doc != nil && len(doc.CollectionErrors) > 0 {
		cause := collect.ErrNothingReadable
		if errors.Is(err, collect.ErrNothingFound) {
			cause = collect.ErrNothingFound
		}
		text = cause.Error() + ": " + doc.CollectionErrors[0].Message
		more = len(doc.CollectionErrors) - 1
	}
	text, hints = splitHints(text)
	for _, ce := range docErrors(doc) {
		_, hs := splitHints(ce.Message)
		hints = appendNew(hints, hs...)
	}
	if more > 0 {
		text += fmt.Sprintf(" (and %d more %s)", more, pluralWord(more, "error", "errors"))
	}
	return text, hints
}

func docErrors(doc *inventory.Document) []inventory.CollectionError {
	if doc == nil {
		return nil
	}
	return doc.CollectionErrors
}

// splitHints takes every "; hint: ..." out of a message.
func splitHints(msg string) (string, []string) {
	parts := strings.Split(msg, hintMarker)
	var hints []string
	for _, h := range parts[1:] {
		// A hint runs to the next "; " that starts another error.
		h, rest, _ := strings.Cut(h, "; ")
		hints = appendNew(hints, strings.TrimSpace(h))
		if rest != "" {
			parts[0] += "; " + rest
		}
	}
	return parts[0], hints
}

// appendNew appends the values not in list yet.
func appendNew(list []string, values ...string) []string {
	for _, v := range values {
		found := v == ""
		for _, l := range list {
			found = found || l == v
		}
		if !found {
			list = append(list, v)
		}
	}
	return list
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
