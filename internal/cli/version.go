package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

// NewCmdVersion prints the version.
func NewCmdVersion(d *Deps) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print essec's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(d.IO.Out, "essec %s (commit %s, built %s, %s)\n", d.Build.Version, d.Build.Commit, d.Build.Date, runtime.Version())
			return nil
		},
	}
}
