package cli

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strings"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/format/atomicfile"
	"github.com/essec-dev/essec/internal/report/jsonreport"
	"github.com/essec-dev/essec/internal/report/table"
)

var versionPattern = regexp.MustCompile(`^\d+\.\d+(\.\d+)?$`)

// formatSpec is one --format value: a format and an optional file.
type formatSpec struct {
	Format string
	File   string
}

var knownFormats = []string{"table", "json", "sarif", "junit", "ecs", "html", "gitlab"}

// parseFormats reads --format values; -o applies to the one format given
// without a file.
func parseFormats(values []string, output string) ([]formatSpec, error) {
	var specs []formatSpec
	toStdout := 0
	for _, v := range values {
		name, file, _ := strings.Cut(v, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		if !isKnownFormat(name) {
			return nil, fmt.Errorf("unknown format %q: use %s", name, strings.Join(knownFormats, ", "))
		}
		if file == "" {
			toStdout++
		}
		specs = append(specs, formatSpec{Format: name, File: file})
	}
	if output != "" {
		if toStdout != 1 {
			return nil, fmt.Errorf("-o names one file: give exactly one --format without =FILE, or use FORMAT=FILE for each")
		}
		for i := range specs {
			if specs[i].File == "" {
				specs[i].File = output
			}
		}
	} else if toStdout > 1 {
		return nil, fmt.Errorf("only one format can go to stdout: write the others with FORMAT=FILE")
	}
	return specs, nil
}

func isKnownFormat(n string) bool {
	for _, k := range knownFormats {
		if k == n {
			return true
		}
	}
	return false
}

// writeReports renders every requested format. Each is scrubbed while it
// is written, never whole in memory; files are written beside their target
// and renamed over it at the end, so a failed run never leaves half a
// report.
func writeReports(o *AuditOptions, r *finding.Report, specs []formatSpec) error {
	o.Secrets.Protect(reportWords(r)...)
	o.Secrets.ProtectLocations(reportLocations(r)...)
	for _, s := range specs {
		if err := writeReport(o, r, s); err != nil {
			return fmt.Errorf("write %s report: %w", s.Format, err)
		}
		if s.File != "" && s.File == o.Output && !o.Quiet {
			// -o alone does not say which format it picked.
			o.say("", fmt.Sprintf("wrote the %s report to %s", s.Format, s.File))
		}
	}
	return nil
}

func writeReport(o *AuditOptions, r *finding.Report, s formatSpec) error {
	return writeOutput(o.IO.Out, s.File, 0o644, func(w io.Writer) error {
		scrub := o.Secrets.Writer(w)
		if err := render(scrub, o, r, s); err != nil {
			return err
		}
		return scrub.Close()
	})
}

// writeOutput writes what write produces to stdout (path "") or to path,
// created with mode and put in place only once all of it was written: a
// failed write never leaves half a report or document behind.
func writeOutput(stdout io.Writer, path string, mode fs.FileMode, write func(io.Writer) error) error {
	if path == "" {
		out := bufio.NewWriterSize(stdout, 64<<10)
		if err := write(out); err != nil {
			return err
		}
		return out.Flush()
	}
	f, err := atomicfile.Create(path, mode)
	if err != nil {
		return err
	}
	out := bufio.NewWriterSize(f, 64<<10)
	err = write(out)
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// reportWords are the report's own identifiers (check ids, deployment,
// resource and setting names, files, endpoints), each once: the last-resort
// scrub leaves them alone even when a secret has the same text. A fleet's
// report repeats a few thousand words over tens of thousands of findings.
func reportWords(r *finding.Report) []string {
	var words distinctWords
	for _, d := range r.Deployments {
		words.add(d.Name)
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		words.add(f.CheckID, f.Deployment, f.Resource.Name, f.Resource.File, f.Resource.Endpoint, f.Setting)
	}
	return words.list
}

// reportLocations are the files and endpoints a report names, each once:
// its findings' (and fixed findings'), its errors', and the files read and
// endpoints asked per deployment. The scrub leaves them, and every
// fragment of them, alone (redact.Secrets.ProtectLocations).
func reportLocations(r *finding.Report) []string {
	var locs distinctWords
	for _, fs := range [][]finding.Finding{r.Findings, r.Fixed} {
		for i := range fs {
			locs.add(fs[i].Resource.File, fs[i].Resource.Endpoint)
		}
	}
	for _, e := range r.Errors {
		locs.add(e.File, e.Endpoint)
	}
	for _, d := range r.Deployments {
		if d.Read != nil {
			locs.add(d.Read.Files...)
			locs.add(d.Read.Endpoints...)
		}
	}
	return locs.list
}

// distinctWords lists the non-empty words added, each once, in the order
// they were first added.
type distinctWords struct {
	seen map[string]struct{}
	list []string
}

func (d *distinctWords) add(words ...string) {
	if d.seen == nil {
		d.seen = map[string]struct{}{}
	}
	for _, w := range words {
		if _, ok := d.seen[w]; ok || w == "" {
			continue
		}
		d.seen[w] = struct{}{}
		d.list = append(d.list, w)
	}
}

func render(w io.Writer, o *AuditOptions, r *finding.Report, s formatSpec) error {
	switch s.Format {
	case "table":
		toStdout := s.File == ""
		opts := table.Options{Color: toStdout && o.IO.ColorEnabled(o.Color), Verbose: o.Verbose, OneLine: !toStdout || !o.IO.OutTTY,
			Scrub: o.Secrets.Scrub}
		if toStdout {
			opts.Width = o.IO.TerminalWidth()
		}
		return table.Write(w, r, opts)
	case "json":
		return jsonreport.Write(w, r)
	}
	return renderMore(w, o, r, s)
}
