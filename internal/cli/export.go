package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/essec-dev/essec/deploy/kibana"
	"github.com/essec-dev/essec/internal/report/ecs"
)

// NewCmdExport groups what essec export prints for fleet setups.
func NewCmdExport(d *Deps) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Print what a central Elasticsearch needs to receive essec findings",
	}
	var index, ilm string
	tmpl := &cobra.Command{
		Use:   "template",
		Short: "Print the index template that --export-es creates on first use",
		Long: `Print the composable index template (ECS mappings) for the findings index.
--export-es creates it on first use when it is missing; print it to review it or
to install it yourself: PUT _index_template/<index> with this body.

--ilm-policy NAME attaches an ILM policy (print essec's with essec export
ilm-policy). It deletes whole indices by age, so use it with a dated
--export-index (essec-findings-2026.12): with one index for everything, the
history would go at once.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			t := ecs.TemplateFor(index)
			if ilm != "" {
				t["template"].(map[string]any)["settings"] = map[string]any{"index.lifecycle.name": ilm}
			}
			b, err := json.MarshalIndent(t, "", "  ")
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(d.IO.Out, string(b))
			return err
		},
	}
	tmpl.Flags().StringVar(&index, "index", ecs.DefaultIndex, "findings index the template applies to")
	tmpl.Flags().StringVar(&ilm, "ilm-policy", "", "attach this ILM policy to the findings indices (see essec export ilm-policy)")
	print := func(use, short, long string, body []byte) *cobra.Command {
		return &cobra.Command{
			Use: use, Short: short, Long: long, Args: cobra.NoArgs,
			RunE: func(*cobra.Command, []string) error {
				_, err := d.IO.Out.Write(body)
				return err
			},
		}
	}
	cmd.AddCommand(tmpl,
		print("dashboard", "Print the Kibana dashboard (saved objects NDJSON)",
			`Print the essec security posture dashboard as saved objects: import it in
Kibana (Stack Management > Saved objects > Import, or POST
/api/saved_objects/_import). Its current-posture panels read `+kibana.LatestIndex+`,
which the transform of essec export transform fills; every panel leaves not
applicable findings out.`, kibana.Dashboard),
		print("transform", "Print the transform that keeps the latest result per resource and check",
			`Print the body of PUT _transform/`+kibana.LatestIndex+`, then start it with
POST _transform/`+kibana.LatestIndex+`/_start. It keeps, for every finding
fingerprint (check, deployment, resource), the latest document, as Elastic's
own posture findings do, so that current posture counts each resource once.`, kibana.LatestTransform),
		print("ilm-policy", "Print the ILM policy for the findings indices",
			`Print the body of PUT _ilm/policy/essec-findings: about 13 months of
history. Attach it with essec export template --ilm-policy essec-findings.`, kibana.ILMPolicy),
	)
	return cmd
}
