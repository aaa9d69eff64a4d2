package cli

import (
	"io"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/report/html"
)

func renderHTML(w io.Writer, r *finding.Report) error {
	return html.Write(w, r, html.Options{})
}
