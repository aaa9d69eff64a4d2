package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/spf13/cobra"

	"github.com/essec-dev/essec/internal/policy"
	"github.com/essec-dev/essec/remediations"
)

// NewCmdPolicies groups the catalogue commands.
func NewCmdPolicies(d *Deps) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policies",
		Short: "List, show and test the checks",
	}
	var dirs []string
	cmd.PersistentFlags().StringArrayVar(&dirs, "policy-dir", nil, "add the checks of a directory of Rego files (repeatable)")

	var format string
	list := &cobra.Command{
		Use:   "list",
		Short: "Print the check catalogue (id, level, severity, title)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			e, err := d.loadCatalogue(dirs)
			if err != nil {
				return err
			}
			return writeCatalogue(d.IO.Out, e.Checks(), format)
		},
	}
	list.Flags().StringVar(&format, "format", "table", "table, json or markdown")

	show := &cobra.Command{
		Use:   "show ID",
		Short: "Print one check's description and remediation",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := d.loadCatalogue(dirs)
			if err != nil {
				return err
			}
			c, ok := e.Check(args[0])
			if !ok {
				return usageError(fmt.Errorf("no check with id %q", args[0]), "list the ids with: essec policies list")
			}
			showCheck(d.IO.Out, c)
			return nil
		},
	}

	test := &cobra.Command{
		Use:   "test [DIR]",
		Short: "Run the Rego tests of the catalogue, or of a policy directory",
		Long: `Runs every test_ rule of the Rego tests (files ending in _test.rego) through
OPA's tester. Without DIR it tests the built-in catalogue; with DIR it tests that
directory together with essec's library (data.essec.lib).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPolicyTests(cmd, d, args)
		},
	}
	cmd.AddCommand(list, show, test)
	return cmd
}

func writeCatalogue(w io.Writer, checks []policy.Check, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(checks)
	case "markdown":
		fmt.Fprintln(w, "| id | level | severity | component | title | planned fix module |")
		fmt.Fprintln(w, "|---|---|---|---|---|---|")
		for _, c := range checks {
			fix := ""
			if c.Remediation != "" {
				fix = "`" + c.Remediation + "`"
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", c.ID, c.Level, c.Severity, c.Component, strings.ReplaceAll(c.Title, "|", "\\|"), fix)
		}
		return nil
	case "table", "":
		t := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off))
		t.Header("ID", "Level", "Severity", "Title")
		for _, c := range checks {
			if err := t.Append(c.ID, string(c.Level), string(c.Severity), c.Title); err != nil {
				return err
			}
		}
		return t.Render()
	}
	return usageError(fmt.Errorf("unknown --format %q: use table, json or markdown", format))
}

func showCheck(w io.Writer, c policy.Check) {
	fmt.Fprintf(w, "%s  %s\n\n", c.ID, c.Title)
	fmt.Fprintf(w, "Level:     %s\nSeverity:  %s\nComponent: %s\nEvidence:  %s\n", c.Level, c.Severity, c.Component, strings.Join(c.Requires, " "))
	if remediations.Automated(c.ID, c.Remediation) {
		fmt.Fprintf(w, "Fix:       essec fix --checks %s (module %s)\n", c.ID, c.Remediation)
	}
	fmt.Fprintf(w, "Policy:    %s\n\n%s\n\nRemediation:\n%s\n", c.File, c.Description, indent(c.RemediationText))
	if len(c.References) > 0 {
		fmt.Fprintln(w, "\nReferences:")
		for _, r := range c.References {
			fmt.Fprintf(w, "  %s\n", r)
		}
	}
}

func indent(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return strings.Join(lines, "\n")
}
