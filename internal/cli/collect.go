package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"

	"github.com/spf13/cobra"

	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/redact"
)

// CollectOptions are the inputs of essec collect.
type CollectOptions struct {
	*Deps
	Sources sourceFlags
	Conn    connFlags
	Output  string
}

// NewCmdCollect builds essec collect: evidence only, as the input document.
func NewCmdCollect(d *Deps, runF func(*CollectOptions) error) *cobra.Command {
	o := &CollectOptions{Deps: d}
	cmd := &cobra.Command{
		Use:   "collect [PATH...]",
		Short: "Print the evidence (the input document policies read), secrets removed",
		Long: `Collect evidence from configuration files, keystores, certificates and, with
--url, the live cluster, and print the input document that the checks read.
Secret values are never included: only whether they are set, their length and a
digest that compares values within the document.

Evaluate a saved document later, or elsewhere, with: essec audit --input FILE.
One deployment gives one JSON document; several give a JSON array.`,
		Example: `  essec collect /etc/elasticsearch -o evidence.json
  essec audit --input evidence.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Sources.Paths = args
			if err := o.Sources.validate(); err != nil {
				return err
			}
			if err := o.Conn.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return collectRun(cmd.Context(), o)
		},
	}
	o.Sources.register(cmd.Flags())
	o.Conn.register(cmd.Flags())
	cmd.Flags().StringVarP(&o.Output, "output", "o", "", "write the document to this file instead of stdout")
	return cmd
}

func collectRun(ctx context.Context, o *CollectOptions) error {
	log, err := o.Logger()
	if err != nil {
		return err
	}
	progress := newProgress(o.Deps, "collecting evidence")
	docs, _, err := gather(ctx, o.Deps, gatherOptions{Sources: o.Sources, Conn: o.Conn,
		Log: progress.counting(log), Progress: progress.deployments})
	progress.done()
	if err != nil {
		return err
	}
	o.Secrets.Protect(documentWords(docs)...)
	o.Secrets.ProtectLocations(documentLocations(docs)...)
	return writeOutput(o.IO.Out, o.Output, 0o600, func(w io.Writer) error {
		return writeDocuments(w, o.Secrets, docs)
	})
}

// writeDocuments writes one document, or several as a JSON array, indented
// as one encoding of them would be, a document at a time and scrubbed on
// the way: a fleet's evidence is never twice in memory.
func writeDocuments(w io.Writer, secrets *redact.Secrets, docs []*inventory.Document) error {
	scrub := secrets.Writer(w)
	var one bytes.Buffer
	enc := json.NewEncoder(&one)
	enc.SetEscapeHTML(false)
	if len(docs) == 1 {
		enc.SetIndent("", "  ")
		if err := enc.Encode(docs[0]); err != nil {
			return err
		}
		if _, err := scrub.Write(one.Bytes()); err != nil {
			return err
		}
		return scrub.Close()
	}
	enc.SetIndent("  ", "  ")
	sep := "[\n  "
	for _, d := range docs {
		one.Reset()
		if err := enc.Encode(d); err != nil {
			return err
		}
		if _, err := io.WriteString(scrub, sep); err != nil {
			return err
		}
		if _, err := scrub.Write(bytes.TrimSuffix(one.Bytes(), []byte("\n"))); err != nil {
			return err
		}
		sep = ",\n  "
	}
	end := "\n]\n"
	if len(docs) == 0 {
		end = "[]\n"
	}
	if _, err := io.WriteString(scrub, end); err != nil {
		return err
	}
	return scrub.Close()
}

// documentWords are the documents' own identifiers (deployment, node and
// Kibana names, config paths, setting names): the last-resort scrub leaves
// them alone even when a secret has the same text.
func documentWords(docs []*inventory.Document) []string {
	var words []string
	for _, d := range docs {
		words = append(words, d.Deployment.Name)
		for _, n := range d.Elasticsearch.Nodes {
			words = append(words, n.Name, n.ConfigDir, n.ConfigFile)
			for k := range n.Settings {
				words = append(words, k)
			}
		}
		for _, k := range d.Kibana {
			words = append(words, k.Name, k.ConfigDir, k.ConfigFile)
			for name := range k.Settings {
				words = append(words, name)
			}
		}
	}
	return words
}

// documentLocations are the files and endpoints the documents name: config
// directories and files, the files and TLS material examined, the errors'
// files and endpoints, the cluster's endpoint. The scrub leaves them, and
// every fragment of them, alone (redact.Secrets.ProtectLocations).
func documentLocations(docs []*inventory.Document) []string {
	var locs []string
	component := func(dir, file string, files []inventory.FileInfo, tls []inventory.TLSMaterial, errs []inventory.CollectionError) {
		locs = append(locs, dir, file)
		for _, f := range files {
			locs = append(locs, f.Path)
		}
		for _, m := range tls {
			locs = append(locs, m.Path)
		}
		for _, e := range errs {
			locs = append(locs, e.File, e.Endpoint)
		}
	}
	for _, d := range docs {
		for _, e := range d.CollectionErrors {
			locs = append(locs, e.File, e.Endpoint)
		}
		for _, n := range d.Elasticsearch.Nodes {
			component(n.ConfigDir, n.ConfigFile, n.Files, n.TLSMaterial, n.Errors)
		}
		for _, k := range d.Kibana {
			component(k.ConfigDir, k.ConfigFile, k.Files, k.TLSMaterial, k.Errors)
		}
		if c := d.Elasticsearch.Cluster; c != nil {
			locs = append(locs, c.Endpoint)
		}
	}
	return locs
}
