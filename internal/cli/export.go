package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/essec-dev/essec/internal/report/ecs"
)

// NewCmdExport groups what essec export prints for fleet setups.
func NewCmdExport(d *Deps) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Print what a central Elasticsearch needs to receive essec findings",
	}
	var index string
	tmpl := &cobra.Command{
		Use:   "template",
		Short: "Print the index template that --export-es creates on first use",
		Long: `Print the composable index template (ECS mappings) for the findings index.
--export-es creates it on first use when it is missing; print it to review it or
to install it yourself: PUT _index_template/<index> with this body.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := json.MarshalIndent(ecs.TemplateFor(index), "", "  ")
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(d.IO.Out, string(b))
			return err
		},
	}
	tmpl.Flags().StringVar(&index, "index", ecs.DefaultIndex, "findings index the template applies to")
	cmd.AddCommand(tmpl)
	return cmd
}
