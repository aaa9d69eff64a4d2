package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"

	"github.com/spf13/pflag"

	"github.com/essec-dev/essec/internal/collect/cluster"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/remediations"
)

// registerFixAPIFlags adds the connection flags (the audit's own) and
// --secrets-out to essec fix.
func registerFixAPIFlags(f *pflag.FlagSet, o *FixOptions) {
	o.Conn.register(f)
	f.StringVar(&o.SecretsOut, "secrets-out", "", "0600 file that receives every password or service token the fix creates, written and synced before it is used (required when the plan creates one)")
}

// fixLive is the cluster essec fix talks to, with --url.
type fixLive struct {
	doer    remediations.Doer
	info    *remediations.Cluster
	options cluster.Options
}

// forDoc is the cluster a deployment's plan may use: the --url cluster
// for the deployment it belongs to (the only one, or the command line's).
func (l *fixLive) forDoc(d *inventory.Document, docs []*inventory.Document) *remediations.Cluster {
	if l == nil || len(docs) != 1 {
		return nil
	}
	c := *l.info
	if c.Version == "" {
		c.Version = d.Deployment.Version
	}
	return &c
}

// fixCluster connects with the connection flags (the audit's client and
// trust) and checks the privileges API steps need with one
// GET /_security/user/_has_privileges. Without --url it returns nil.
func fixCluster(ctx context.Context, o *FixOptions, docs []*inventory.Document) (*fixLive, error) {
	if len(o.Conn.URLs) == 0 {
		return nil, nil
	}
	if o.live != nil {
		return o.live, nil
	}
	ca, err := readCA(o.Conn.CACert)
	if err != nil {
		return nil, usageError(err)
	}
	opts, err := clusterOptions(targetFor(o.Conn, o.Conn.URLs), ca, o.Conn.Timeout, o.Deps)
	if err != nil {
		return nil, usageError(err)
	}
	client, err := cluster.NewClient(*opts)
	if err != nil {
		return nil, usageError(err)
	}
	host, _ := os.Hostname()
	l := &fixLive{doer: client, options: *opts, info: &remediations.Cluster{Host: host, Privileges: map[string]bool{}}}
	for _, d := range docs {
		if d.Deployment.Version != "" {
			l.info.Version = d.Deployment.Version
		}
	}
	privs, why := hasPrivileges(ctx, client, *opts)
	if why != "" {
		l.info.PrivilegeError = why
	} else {
		l.info.Privileges = privs
	}
	o.live = l
	return l, nil
}

// hasPrivileges asks which of the API steps' privileges the credentials
// hold: GET with a body, as Elasticsearch documents it.
func hasPrivileges(ctx context.Context, client remediations.Doer, opts cluster.Options) (map[string]bool, string) {
	const path = "/_security/user/_has_privileges"
	body, _ := json.Marshal(map[string][]string{"cluster": remediations.APIPrivileges})
	status, out, err := remediations.Request(ctx, client, opts.Timeout, http.MethodGet, path, body)
	if err != nil && status == 0 {
		_, msg := cluster.DescribeFailure(opts, path, err, 0, nil)
		return nil, msg
	}
	if status/100 != 2 {
		_, msg := cluster.DescribeFailure(opts, path, nil, status, out)
		return nil, msg
	}
	var got struct {
		Cluster map[string]bool `json:"cluster"`
	}
	if err := json.Unmarshal(out, &got); err != nil || got.Cluster == nil {
		return nil, "GET " + path + " did not answer with cluster privileges"
	}
	return got.Cluster, ""
}

// requireSecretsOut refuses (exit 2) a plan that creates secrets without
// --secrets-out, before anything is confirmed or changed.
func requireSecretsOut(o *FixOptions, plans []*remediations.Plan) error {
	for _, p := range plans {
		if p.CreatesSecrets() && o.SecretsOut == "" {
			return usageError(remediations.ErrSecretsOut, "the file is created 0600; keep it, or move the secrets to your vault and delete it")
		}
	}
	return nil
}

// applyFixPlan applies one plan, files and requests; it returns the file
// result (nil when no file changed).
func applyFixPlan(ctx context.Context, o *FixOptions, p *remediations.Plan) (*remediations.ApplyResult, error) {
	fo := remediations.ApplyOptions{BackupDir: o.BackupDir, Now: o.Now()}
	if !p.HasAPICalls() {
		res, err := remediations.Apply(p, fo)
		if err != nil {
			return nil, usageError(fmt.Errorf("apply the plan of %s: %w", p.Deployment, err))
		}
		return res, nil
	}
	if o.live == nil {
		return nil, usageError(errors.New("the plan sends requests to the cluster: give --url"))
	}
	opts := o.live.options
	res, err := remediations.ApplyWithAPI(ctx, p, remediations.APIApplyOptions{
		Files: fo, Client: o.live.doer, SecretsOut: o.SecretsOut, Host: o.live.info.Host, Timeout: opts.Timeout,
		Describe: func(path string, err error, status int, body []byte) (string, string) {
			return cluster.DescribeFailure(opts, path, err, status, body)
		},
	})
	if err != nil {
		var ae *remediations.APIApplyError
		if errors.As(err, &ae) {
			fmt.Fprint(o.IO.ErrOut, ae.Report())
		}
		return nil, usageError(fmt.Errorf("apply the plan of %s: %w", p.Deployment, err))
	}
	for _, d := range res.Done {
		fmt.Fprintf(o.IO.Out, "done: %s\n", d)
	}
	if o.SecretsOut != "" && p.CreatesSecrets() {
		fmt.Fprintf(o.IO.Out, "the new secrets are in %s (0600): store them, then delete the file\n", o.SecretsOut)
	}
	return res.Files, nil
}
