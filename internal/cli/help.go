package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagGroups orders essec audit's many flags by what they are for.
var auditFlagGroups = []struct {
	title string
	names []string
}{
	{"What to audit", []string{"name", "root", "host", "repo", "es-version", "keystore-password-file", "env-from-process", "input", "fips", "cert-warn-days"}},
	{"Live cluster", []string{"url", "kibana-url", "user", "password-file", "api-key-file", "service-token-file", "ca-cert", "ca-fingerprint", "kibana-ca-fingerprint", "insecure", "timeout"}},
	{"Checks and gate", []string{"level", "fail-on", "checks", "skip-checks", "severity", "policy-dir", "ignore", "baseline"}},
	{"Output", []string{"format", "output", "verbose", "quiet", "sarif-root", "include-waived"}},
	{"Export to Elasticsearch", []string{"export-es", "export-index", "export-user", "export-password-file", "export-api-key-file", "export-ca-cert", "export-ca-fingerprint", "export-reuse-credentials"}},
}

// usage writes a command's usage: flags grouped for audit, and boolean
// flags shown as switches (pflag would print --verbose[=true|false]).
func usage(c *cobra.Command) error {
	w := c.OutOrStderr()
	fmt.Fprintf(w, "Usage:\n  %s\n", c.UseLine())
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "  %s [command]\n", c.CommandPath())
	}
	if c.Example != "" {
		fmt.Fprintf(w, "\nExamples:\n%s\n", c.Example)
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintln(w, "\nCommands:")
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				fmt.Fprintf(w, "  %-12s %s\n", sub.Name(), sub.Short)
			}
		}
	}
	local := c.LocalFlags()
	if c.Name() == "audit" {
		shown := map[string]bool{}
		for _, g := range auditFlagGroups {
			fs := pflag.NewFlagSet(g.title, pflag.ContinueOnError)
			for _, n := range g.names {
				if f := local.Lookup(n); f != nil && !shown[n] {
					fs.AddFlag(f)
					shown[n] = true
				}
			}
			writeFlags(w, g.title+":", fs)
		}
		rest := pflag.NewFlagSet("other", pflag.ContinueOnError)
		local.VisitAll(func(f *pflag.Flag) {
			if !shown[f.Name] {
				rest.AddFlag(f)
			}
		})
		writeFlags(w, "Other flags:", rest)
	} else {
		writeFlags(w, "Flags:", local)
	}
	writeFlags(w, "Global flags:", c.InheritedFlags())
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\nUse \"%s [command] --help\" for more about a command.\n", c.CommandPath())
	}
	return nil
}

func writeFlags(w io.Writer, title string, fs *pflag.FlagSet) {
	if !fs.HasAvailableFlags() {
		return
	}
	text := fs.FlagUsages()
	// Keep the columns aligned: the switch marker becomes spaces.
	text = strings.ReplaceAll(text, "[=true|false]", strings.Repeat(" ", len("[=true|false]")))
	fmt.Fprintf(w, "\n%s\n%s", title, text)
}
