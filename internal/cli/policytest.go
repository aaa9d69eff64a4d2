package cli

import (
	"fmt"
	"slices"
	"sort"

	"github.com/spf13/cobra"

	"github.com/essec-dev/essec/internal/policy"
	"github.com/essec-dev/essec/policies"
)

func runPolicyTests(cmd *cobra.Command, d *Deps, args []string) error {
	var mods []policy.Module
	var err error
	if len(args) == 0 {
		mods, err = policy.ReadFS(policies.FS, ".", "policies/")
	} else {
		// The user's tests run against essec's library, not the library's
		// own tests: those exercise the catalogue's checks, which a user's
		// directory does not load.
		mods, err = policy.ReadFS(policies.FS, "lib", "policies/")
		mods = slices.DeleteFunc(mods, func(m policy.Module) bool { return m.Test })
		if err == nil {
			var extra []policy.Module
			extra, err = policy.ReadDir(args[0])
			if err != nil {
				return usageError(err)
			}
			mods = append(mods, extra...)
		}
	}
	if err != nil {
		return err
	}
	results, err := policy.RunTests(cmd.Context(), mods)
	if err != nil {
		return usageError(err)
	}
	sort.Slice(results, func(i, j int) bool {
		if results[i].Package != results[j].Package {
			return results[i].Package < results[j].Package
		}
		return results[i].Name < results[j].Name
	})
	passed, failed, skipped := 0, 0, 0
	for _, r := range results {
		switch {
		case r.Skip:
			skipped++
		case r.Pass:
			passed++
		default:
			failed++
			fmt.Fprintf(d.IO.Out, "FAIL %s.%s (%s): %s\n", r.Package, r.Name, r.File, r.Message)
		}
	}
	if len(results) == 0 {
		return usageError(fmt.Errorf("no Rego test found (test rules are named test_* in *_test.rego files)"))
	}
	fmt.Fprintf(d.IO.Out, "%d passed, %d failed, %d skipped\n", passed, failed, skipped)
	if failed > 0 {
		return silentExit(ExitFindings)
	}
	return nil
}
