package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/essec-dev/essec/internal/audit"
	"github.com/essec-dev/essec/internal/boundedfile"
	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/format/atomicfile"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/remediations"
)

// FixOptions are the inputs of essec fix.
type FixOptions struct {
	*Deps
	Sources sourceFlags
	// Conn reaches the live cluster for API steps (fixapi.go).
	Conn       connFlags
	SecretsOut string
	live       *fixLive

	Level       string
	Checks      []string
	SkipChecks  []string
	Format      string
	Out         string
	Apply       string // "-" applies the fresh plan, else a saved plan file
	Yes         bool
	ExitCode    bool
	Rollback    string // "-" the newest set
	ListBackups bool
	BackupDir   string
	SANs        []string
	KeySize     int

	applySet    bool
	rollbackSet bool
	target      finding.Level
}

// NewCmdFix builds essec fix. runF replaces the run function in tests.
func NewCmdFix(d *Deps, runF func(*FixOptions) error) *cobra.Command {
	o := &FixOptions{Deps: d}
	cmd := &cobra.Command{
		Use:   "fix [PATH...]",
		Short: "Plan, apply and roll back the repairs the configuration files can make",
		Long: `Plan the repairs that bring a deployment up to a security level through its
files: elasticsearch.yml and kibana.yml edits (spliced, never re-serialised),
keystore entries, certificates. Without --apply nothing changes.

--apply writes every file in one transaction after backing them up; a failure
restores every file. After applying, essec audits again and shows each check
before and after. --rollback restores the last (or a named) backup set byte
for byte and removes the files the fix created.

Exit codes: 0 success (plan printed, or applied); 1 with --exit-code when the
plan is not empty; 2 usage error, refused confirmation, stale plan or failed apply.`,
		Example: `  essec fix testdata/demo --level https
  essec fix /etc/elasticsearch /etc/kibana --out plan.json
  essec fix /etc/elasticsearch /etc/kibana --apply plan.json --yes
  essec fix --rollback`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.applySet = cmd.Flags().Changed("apply")
			o.rollbackSet = cmd.Flags().Changed("rollback")
			o.Sources.Paths = o.takeOptionalValues(args)
			if err := o.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return fixRun(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	o.Sources.register(f)
	registerFixAPIFlags(f, o)
	f.StringVar(&o.Level, "level", "https", "fix up to this level: minimal, basic or https")
	f.StringSliceVar(&o.Checks, "checks", nil, "fix only these check ids (comma-separated)")
	f.StringSliceVar(&o.SkipChecks, "skip-checks", nil, "do not fix these check ids")
	f.StringVar(&o.Format, "format", "text", "plan format: text or json")
	f.StringVar(&o.Out, "out", "", "also save the plan as JSON to this file (for --apply FILE)")
	f.StringVar(&o.Apply, "apply", "", "apply the plan just computed, or exactly the saved plan FILE")
	f.Lookup("apply").NoOptDefVal = "-"
	f.BoolVarP(&o.Yes, "yes", "y", false, "apply without asking (required without a terminal)")
	f.BoolVar(&o.ExitCode, "exit-code", false, "exit 1 when the plan is not empty")
	f.StringVar(&o.Rollback, "rollback", "", "restore the newest backup set, or the one named")
	f.Lookup("rollback").NoOptDefVal = "-"
	f.BoolVar(&o.ListBackups, "list-backups", false, "list the backup sets")
	f.StringVar(&o.BackupDir, "backup-dir", "", "where backup sets live (default $XDG_STATE_HOME/essec/backups)")
	f.StringSliceVar(&o.SANs, "san", nil, "extra DNS name or IP for generated certificates (repeatable)")
	f.IntVar(&o.KeySize, "key-size", 2048, "RSA key size of generated keys: 2048 or 4096")
	return cmd
}

// takeOptionalValues gives --apply and --rollback their optional value
// when it was written after a space (--apply plan.json, --rollback SET):
// a .json argument is the saved plan, and --rollback takes no paths.
func (o *FixOptions) takeOptionalValues(args []string) []string {
	if o.rollbackSet && o.Rollback == "-" && len(args) > 0 {
		o.Rollback, args = args[0], args[1:]
	}
	if o.applySet && o.Apply == "-" {
		for i, a := range args {
			if strings.HasSuffix(strings.ToLower(a), ".json") {
				o.Apply = a
				return append(args[:i:i], args[i+1:]...)
			}
		}
	}
	return args
}

func (o *FixOptions) validate() error {
	l, err := finding.ParseTargetLevel(o.Level)
	if err != nil {
		return usageError(err)
	}
	o.target = l
	if o.Format != "text" && o.Format != "json" {
		return usageError(fmt.Errorf("unknown --format %q: use text or json", o.Format))
	}
	if o.KeySize != 2048 && o.KeySize != 4096 {
		return usageError(fmt.Errorf("--key-size must be 2048 or 4096"))
	}
	modes := 0
	for _, b := range []bool{o.applySet, o.rollbackSet, o.ListBackups} {
		if b {
			modes++
		}
	}
	if modes > 1 {
		return usageError(errors.New("use one of --apply, --rollback and --list-backups"))
	}
	if o.BackupDir == "" {
		dir, err := remediations.DefaultBackupDir(func(k string) string { v, _ := o.IO.Getenv(k); return v })
		if err != nil {
			return usageError(err)
		}
		o.BackupDir = dir
	}
	if err := o.Conn.validate(); err != nil {
		return err
	}
	return o.Sources.validate()
}

func fixRun(ctx context.Context, o *FixOptions) error {
	switch {
	case o.ListBackups:
		return listBackups(o)
	case o.rollbackSet:
		return rollback(o)
	}
	if sets, _ := remediations.Interrupted(o.BackupDir); len(sets) > 0 {
		o.say("warning", fmt.Sprintf("an earlier apply was interrupted (backup set %s); its files may be half changed", sets[0].ID),
			fmt.Sprintf("restore them with: essec fix --rollback %s --backup-dir %s", sets[0].ID, o.BackupDir))
	}
	if o.applySet && o.Apply != "-" && len(o.Sources.Paths) == 0 {
		paths, err := savedPaths(o.Apply)
		if err != nil {
			return err
		}
		o.Sources.Paths = paths
	}
	before, plans, err := planFix(ctx, o)
	if err != nil {
		return err
	}
	if err := printPlans(o, plans); err != nil {
		return err
	}
	if o.Out != "" {
		var b strings.Builder
		if err := writePlansJSON(&b, plans); err != nil {
			return err
		}
		if _, err := atomicfile.Write(o.Out, []byte(b.String()), 0o644); err != nil {
			return fmt.Errorf("save the plan: %w", err)
		}
	}
	changes := slices.ContainsFunc(plans, (*remediations.Plan).Changes) || slices.ContainsFunc(plans, (*remediations.Plan).HasAPICalls)
	if !o.applySet {
		if o.ExitCode && slices.ContainsFunc(plans, func(p *remediations.Plan) bool { return !p.Empty() }) {
			return silentExit(ExitFindings)
		}
		return nil
	}
	if o.Apply != "-" {
		if err := matchSaved(o.Apply, plans); err != nil {
			return err
		}
	}
	if !changes {
		fmt.Fprintln(o.IO.Out, "\nNothing to apply.")
		return nil
	}
	if err := requireSecretsOut(o, plans); err != nil {
		return err
	}
	if err := confirm(o); err != nil {
		return err
	}
	for _, p := range plans {
		if !p.Changes() && !p.HasAPICalls() {
			continue
		}
		res, err := applyFixPlan(ctx, o, p)
		if err != nil {
			return err
		}
		if res == nil {
			continue
		}
		for link, target := range res.Symlinks {
			fmt.Fprintf(o.IO.Out, "%s is a symbolic link: wrote %s\n", link, target)
		}
		fmt.Fprintf(o.IO.Out, "\nApplied %d file(s) for %s; backup set %s in %s (undo: essec fix --rollback %s --backup-dir %s)\n",
			len(res.Set.Files), p.Deployment, res.Set.ID, o.BackupDir, res.Set.ID, o.BackupDir)
	}
	after, _, err := auditFindings(ctx, o)
	if err != nil {
		return fmt.Errorf("audit again after applying: %w", err)
	}
	return printOutcome(o.IO.Out, plans, before, after)
}

// planFix audits and plans every deployment.
func planFix(ctx context.Context, o *FixOptions) ([]finding.Finding, []*remediations.Plan, error) {
	findings, docs, err := auditFindings(ctx, o)
	if err != nil {
		return nil, nil, err
	}
	var plans []*remediations.Plan
	live, err := fixCluster(ctx, o, docs)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range docs {
		p, err := remediations.Build(ctx, d, upToLevel(findings, o.target), remediations.Options{
			Level: o.target, Now: o.Now(), Certs: remediations.CertOptions{KeyBits: o.KeySize, SANs: o.SANs},
			Cluster: live.forDoc(d, docs),
		})
		if err != nil {
			return nil, nil, err
		}
		p.Paths = o.Sources.Paths
		plans = append(plans, p)
	}
	return findings, plans, nil
}

// auditFindings runs the audit pipeline (the same collection and
// evaluation as essec audit) and returns the findings.
func auditFindings(ctx context.Context, o *FixOptions) ([]finding.Finding, []*inventory.Document, error) {
	log, err := o.Logger()
	if err != nil {
		return nil, nil, err
	}
	cat, engine, selected, err := o.loadSelectedEngine(ctx, nil, o.Checks, o.SkipChecks, log)
	if err != nil {
		return nil, nil, err
	}
	docs, _, err := gather(ctx, o.Deps, gatherOptions{Sources: o.Sources, Conn: o.Conn, Log: log})
	if err != nil {
		return nil, nil, err
	}
	r, err := audit.Evaluate(ctx, engine, docs, audit.Options{
		Tool: finding.Tool{Name: "essec", Version: o.Build.Version}, TargetLevel: o.target, FailOn: finding.SeverityHigh,
		Now: o.Now(), Selected: selected, Rules: rules(cat.Checks()),
	})
	if err != nil {
		return nil, nil, err
	}
	return r.Findings, docs, nil
}

// upToLevel drops ladder checks above the target level.
func upToLevel(fs []finding.Finding, target finding.Level) []finding.Finding {
	var out []finding.Finding
	for _, f := range fs {
		if i := f.Level.LadderIndex(); i > target.LadderIndex() {
			continue
		}
		out = append(out, f)
	}
	return out
}

func printPlans(o *FixOptions, plans []*remediations.Plan) error {
	if o.Format == "json" {
		return writePlansJSON(o.IO.Out, plans)
	}
	for i, p := range plans {
		if i > 0 {
			fmt.Fprintln(o.IO.Out)
		}
		if err := p.WriteText(o.IO.Out); err != nil {
			return err
		}
	}
	return nil
}

func writePlansJSON(w io.Writer, plans []*remediations.Plan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(plans)
}

// savedPaths returns the paths a saved plan was made from.
func savedPaths(path string) ([]string, error) {
	data, err := boundedfile.Read(path, boundedfile.Plan)
	if err != nil {
		return nil, usageError(fmt.Errorf("read the saved plan: %w", err))
	}
	var saved []remediations.Saved
	if err := json.Unmarshal(data, &saved); err != nil || len(saved) == 0 {
		return nil, usageError(fmt.Errorf("%s is not a plan saved by essec fix --out", path))
	}
	return saved[0].Paths, nil
}

// matchSaved refuses a saved plan that no longer matches the files.
func matchSaved(path string, plans []*remediations.Plan) error {
	data, err := boundedfile.Read(path, boundedfile.Plan)
	if err != nil {
		return usageError(fmt.Errorf("read the saved plan: %w", err))
	}
	var saved []remediations.Saved
	if err := json.Unmarshal(data, &saved); err != nil {
		return usageError(fmt.Errorf("%s is not a plan saved by essec fix --out: %w", path, err))
	}
	if len(saved) != len(plans) {
		return usageError(fmt.Errorf("the saved plan covers %d deployment(s), the files now %d", len(saved), len(plans)))
	}
	for i := range saved {
		if why := saved[i].Matches(plans[i]); why != "" {
			return usageError(fmt.Errorf("refusing the saved plan: %s", why), "plan again with essec fix --out "+path)
		}
	}
	return nil
}

// confirm asks on a terminal unless --yes; without a terminal --yes is required.
func confirm(o *FixOptions) error {
	if o.Yes {
		return nil
	}
	in, ok := o.IO.In.(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		return usageError(errors.New("--apply without a terminal needs --yes"), "review the plan first, then run again with --yes")
	}
	fmt.Fprint(o.IO.ErrOut, "\nApply these changes? Type yes to continue: ")
	line, _ := bufio.NewReader(in).ReadString('\n')
	if strings.TrimSpace(line) != "yes" {
		return usageError(errors.New("not applied"))
	}
	return nil
}

// printOutcome shows, per check the plan touched, the status before and
// after, and a verdict per step (stepVerdict).
func printOutcome(w io.Writer, plans []*remediations.Plan, before, after []finding.Finding) error {
	var ids []string
	for _, p := range plans {
		for _, s := range p.Steps {
			for _, c := range s.Checks {
				if !slices.Contains(ids, c) {
					ids = append(ids, c)
				}
			}
		}
	}
	sort.Strings(ids)
	fmt.Fprintln(w, "\nChecks before and after (from the files; restart the services for the live state):")
	for _, id := range ids {
		fmt.Fprintf(w, "  %-9s %-8s -> %s\n", id, worstStatus(before, id), worstStatus(after, id))
	}
	for _, p := range plans {
		for _, s := range p.Steps {
			if s.Automated() {
				fmt.Fprintf(w, "  step %q: %s\n", s.Title, stepVerdict(s, before, after))
			}
		}
	}
	return nil
}

// statusRank orders statuses from best to worst for worstStatus: a check
// is only as good as its worst result.
var statusRank = map[finding.Status]int{
	finding.StatusNotApplicable: 1, finding.StatusPass: 2, finding.StatusWarn: 3,
	finding.StatusUnknown: 4, finding.StatusFail: 5,
}

// worstStatus is the worst status of check id among fs, or "absent".
func worstStatus(fs []finding.Finding, id string) finding.Status {
	st := finding.Status("absent")
	for _, f := range fs {
		if f.CheckID == id && statusRank[f.Status] > statusRank[st] {
			st = f.Status
		}
	}
	return st
}

// Step verdicts after the re-audit, from best to worst: a step takes the
// worst verdict of its checks.
const (
	verdictFixed      = "fixed"
	verdictStillWarns = "improved, still warns (see the check's warning in essec audit)"
	verdictUnverified = "applied, not verifiable from the files (check it with essec audit --url after the restart)"
	verdictNotFixed   = "NOT fixed (its checks still fail)"
)

// stepVerdict judges one applied step from the findings of its resources
// (the node or Kibana its title names, and the cluster) before and after.
// A step is fixed only when each of its checks passes now, or is
// not_applicable now where it was not before (the step made it so). A
// warning left is "improved, still warns"; a check that gives unknown or
// is absent cannot confirm the step.
func stepVerdict(s *remediations.Step, before, after []finding.Finding) string {
	if len(s.Checks) == 0 {
		// Nothing re-checks it: never claim it fixed.
		return "applied (no check judges it)"
	}
	verdicts := []string{verdictFixed, verdictStillWarns, verdictUnverified, verdictNotFixed}
	worst := 0
	for _, c := range s.Checks {
		v := verdictUnverified
		switch worstStatus(stepFindings(s, after), c) {
		case finding.StatusPass:
			v = verdictFixed
		case finding.StatusNotApplicable:
			if worstStatus(stepFindings(s, before), c) != finding.StatusNotApplicable {
				v = verdictFixed
			}
		case finding.StatusWarn:
			v = verdictStillWarns
		case finding.StatusFail:
			v = verdictNotFixed
		}
		worst = max(worst, slices.Index(verdicts, v))
	}
	return verdicts[worst]
}

// stepFindings are the findings of fs about the step's resources.
func stepFindings(s *remediations.Step, fs []finding.Finding) []finding.Finding {
	var mine []finding.Finding
	for _, f := range fs {
		if f.Resource.Kind == "cluster" || f.Resource.Kind == "deployment" || namesResource(s.Title, f.Resource.Name) {
			mine = append(mine, f)
		}
	}
	return mine
}

// namesResource reports whether a step's title names a node or Kibana
// instance ("... on node es01"), as a whole word.
func namesResource(title, name string) bool {
	for _, w := range strings.Fields(title) {
		if w == name {
			return true
		}
	}
	return false
}

func listBackups(o *FixOptions) error {
	sets, err := remediations.ListBackups(o.BackupDir)
	if err != nil {
		return err
	}
	if len(sets) == 0 {
		fmt.Fprintf(o.IO.Out, "No backup sets in %s\n", o.BackupDir)
		return nil
	}
	for _, s := range sets {
		fmt.Fprintf(o.IO.Out, "%s  %-11s  %s  %d file(s)\n", s.ID, s.State, s.Deployment, len(s.Files))
	}
	return nil
}

func rollback(o *FixOptions) error {
	id := o.Rollback
	if id == "-" {
		id = ""
	}
	res, err := remediations.Rollback(o.BackupDir, id)
	if err != nil {
		return usageError(err)
	}
	for _, p := range res.Drifted {
		o.say("warning", p+" changed after the fix; the rollback replaced those changes too")
	}
	for _, p := range res.Restored {
		fmt.Fprintf(o.IO.Out, "restored %s\n", p)
	}
	for _, p := range res.Removed {
		fmt.Fprintf(o.IO.Out, "removed %s\n", p)
	}
	fmt.Fprintf(o.IO.Out, "Rolled back backup set %s: every file is as before the fix. Restart the services that were restarted after it.\n", res.Set.ID)
	return nil
}
