package remediations

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/essec-dev/essec/internal/format/keystore"
)

// Doer sends a request to the cluster (go-elasticsearch's Client.Perform:
// the URL holds only the path; the client adds host and credentials).
type Doer interface {
	Perform(*http.Request) (*http.Response, error)
}

// Describer words a failed request with the audit's error classes and
// hints (cluster.DescribeFailure).
type Describer func(path string, err error, status int, body []byte) (class, msg string)

// APIApplyOptions are the inputs of ApplyWithAPI.
type APIApplyOptions struct {
	Files      ApplyOptions
	Client     Doer
	Describe   Describer
	SecretsOut string
	// Host names this machine in token names.
	Host string
	// Timeout bounds each request.
	Timeout time.Duration
	// BeforeCalls, when set, runs after the files are replaced and before
	// the other requests (tests inject a failure between them).
	BeforeCalls func() error
}

// APIApplyResult says what was applied.
type APIApplyResult struct {
	Files *ApplyResult
	// Done lists the requests made, in order, with their outcome.
	Done []string
}

// APIApplyError is a failed apply: what was done, what not, and what is
// left to do by hand. It holds no secret.
type APIApplyError struct {
	Err     error
	Done    []string
	NotDone []string
	ByHand  []string
}

func (e *APIApplyError) Error() string { return e.Err.Error() }
func (e *APIApplyError) Unwrap() error { return e.Err }

// Report is the text a person needs after a failure.
func (e *APIApplyError) Report() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the fix stopped: %v\n", e.Err)
	for _, d := range e.Done {
		fmt.Fprintf(&b, "  done:     %s\n", d)
	}
	for _, d := range e.NotDone {
		fmt.Fprintf(&b, "  not done: %s\n", d)
	}
	for _, d := range e.ByHand {
		fmt.Fprintf(&b, "  by hand:  %s\n", d)
	}
	return b.String()
}

// ErrSecretsOut is returned when the plan creates secrets and no
// --secrets-out file was named.
var ErrSecretsOut = errors.New("this plan creates secrets (passwords or service tokens): name the 0600 file that receives them with --secrets-out FILE")

// ApplyWithAPI applies a plan with requests: service tokens the files need
// are created first (each value written, fsynced, to the secrets file
// before the rename that makes it live), then the files in one transaction,
// then the other requests, reversible ones first and irreversible last
// (each generated password written, fsynced, before the request). A
// failure before any irreversible request restores the files and revokes
// the tokens created; after one, it stops and says what is left.
func ApplyWithAPI(ctx context.Context, p *Plan, o APIApplyOptions) (*APIApplyResult, error) {
	if len(p.calls) == 0 {
		res, err := Apply(p, o.Files)
		return &APIApplyResult{Files: res}, err
	}
	if p.CreatesSecrets() && o.SecretsOut == "" {
		return nil, ErrSecretsOut
	}
	if err := p.checkFresh(); err != nil {
		return nil, err
	}
	r := &apiRun{ctx: ctx, o: o, res: &APIApplyResult{}}
	if p.CreatesSecrets() {
		f, err := openSecrets(o.SecretsOut)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r.secrets = f
		if err := r.writeSecret(fmt.Sprintf("# essec fix %s, deployment %s", o.Files.Now.UTC().Format(time.RFC3339), p.Deployment), nil); err != nil {
			return nil, err
		}
		for _, c := range p.calls {
			if len(c.Secret) > 0 {
				if err := r.writeSecret(c.Label, c.Secret); err != nil {
					return nil, err
				}
			}
		}
	}
	var tokens, rest []*apiCall
	for _, c := range p.calls {
		if c.Token != nil {
			tokens = append(tokens, c)
		} else {
			rest = append(rest, c)
		}
	}
	sort.SliceStable(rest, func(i, j int) bool { return rest[i].view().Reversible && !rest[j].view().Reversible })
	for i, c := range tokens {
		if err := r.createToken(p, c); err != nil {
			return nil, r.fail(err, nil, append(tokens[i:], rest...))
		}
	}
	if p.Changes() {
		fr, err := Apply(p, o.Files)
		if err != nil {
			return nil, r.fail(err, nil, rest)
		}
		r.res.Files = fr
		r.res.Done = append(r.res.Done, fmt.Sprintf("replaced %d file(s) (backup set %s)", len(fr.Set.Files), fr.Set.ID))
		r.set = fr.Set
	}
	if o.BeforeCalls != nil {
		if err := o.BeforeCalls(); err != nil {
			return nil, r.fail(err, r.set, rest)
		}
	}
	for i, c := range rest {
		v := c.view()
		if _, _, err := r.send(v.Method, v.Path, c.Body); err != nil {
			return nil, r.fail(err, r.set, rest[i:])
		}
		r.res.Done = append(r.res.Done, v.Method+" "+v.Path)
		if c.Undo != nil {
			r.undos = append(r.undos, *c.Undo)
		}
		if !v.Reversible {
			r.irreversible = true
		}
	}
	return r.res, nil
}

type apiRun struct {
	ctx          context.Context
	o            APIApplyOptions
	res          *APIApplyResult
	secrets      *os.File
	created      []string // token paths to DELETE on failure
	undos        []UndoRequest
	set          *Manifest
	irreversible bool
}

// openSecrets opens (appends to) the secrets file, 0600.
func openSecrets(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open --secrets-out: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, fmt.Errorf("make --secrets-out 0600: %w", err)
	}
	return f, nil
}

// writeSecret appends "label: value" (or a comment line) and fsyncs.
func (r *apiRun) writeSecret(label string, value []byte) error {
	line := label + "\n"
	if value != nil {
		line = label + ": " + string(value) + "\n"
	}
	if _, err := io.WriteString(r.secrets, line); err != nil {
		return fmt.Errorf("write --secrets-out: %w", err)
	}
	if err := r.secrets.Sync(); err != nil {
		return fmt.Errorf("sync --secrets-out: %w", err)
	}
	return nil
}

// createToken creates the service token under a fresh name (a 409 means
// the name exists: another name, never an overwrite), saves the value,
// and puts it into the planned keystores.
func (r *apiRun) createToken(p *Plan, c *apiCall) error {
	stamp := r.o.Files.Now.UTC().Format("20060102-150405")
	base := "essec-" + tokenNameChars(r.o.Host) + "-" + stamp
	v := c.view()
	for attempt := 1; attempt <= 5; attempt++ {
		name := base
		if attempt > 1 {
			name = fmt.Sprintf("%s-%d", base, attempt)
		}
		path := tokenBase + name
		status, body, err := r.send(http.MethodPost, path, nil)
		if status == http.StatusConflict {
			r.res.Done = append(r.res.Done, fmt.Sprintf("POST %s: 409, the name exists; trying another", path))
			continue
		}
		if err != nil {
			return err
		}
		var out struct {
			Token struct {
				Name  string `json:"name"`
				Value string `json:"value"`
			} `json:"token"`
		}
		r.created = append(r.created, path)
		if err := json.Unmarshal(body, &out); err != nil || out.Token.Value == "" {
			return fmt.Errorf("POST %s: the answer holds no token value", path)
		}
		v.Path = path
		r.res.Done = append(r.res.Done, "POST "+path+" (service token created)")
		if err := r.writeSecret("service token "+c.Token.Service+"/"+name, []byte(out.Token.Value)); err != nil {
			return err
		}
		for _, ks := range c.Token.Into {
			fc, ok := p.files[ks]
			if !ok {
				continue
			}
			after, err := keystore.UpdateKibana(fc.after, nil, map[string]string{c.Token.Entry: out.Token.Value}, nil, nil)
			if err != nil {
				return fmt.Errorf("%s: %w", ks, err)
			}
			fc.after = after
		}
		return nil
	}
	return fmt.Errorf("POST %s...: every token name tried exists (409)", tokenBase+base)
}

// send makes one request; a non-2xx answer is an error worded like the
// audit's. The request body never appears in errors.
func (r *apiRun) send(method, path string, body []byte) (int, []byte, error) {
	status, out, err := Request(r.ctx, r.o.Client, r.o.Timeout, method, path, body)
	if err != nil {
		return status, nil, r.describe(method, path, err, 0, nil)
	}
	if status/100 != 2 {
		return status, out, r.describe(method, path, nil, status, out)
	}
	return status, out, nil
}

// Request sends one request through client, bounded by timeout when it is
// set, and reads at most 1 MiB of the answer. err is a transport or read
// error (status is 0 when no answer came); a non-2xx status is no error here.
func Request(ctx context.Context, client Doer, timeout time.Duration, method, path string, body []byte) (int, []byte, error) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, method, path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Perform(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return resp.StatusCode, nil, err
	}
	return resp.StatusCode, out, nil
}

func (r *apiRun) describe(method, path string, err error, status int, body []byte) error {
	if r.o.Describe != nil {
		class, msg := r.o.Describe(path, err, status, body)
		return fmt.Errorf("%s %s failed (%s): %s", method, path, class, msg)
	}
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	return fmt.Errorf("%s %s: %s", method, path, http.StatusText(status))
}

// fail undoes what can be undone (files, created tokens) unless an
// irreversible request already succeeded, and reports.
func (r *apiRun) fail(cause error, set *Manifest, notDone []*apiCall) error {
	e := &APIApplyError{Err: cause, Done: r.res.Done}
	for _, c := range notDone {
		v := c.view()
		e.NotDone = append(e.NotDone, v.Method+" "+v.Path)
	}
	if r.irreversible {
		e.ByHand = append(e.ByHand, "an irreversible request succeeded, so the files and tokens were kept as they are")
		for _, c := range notDone {
			v := c.view()
			e.ByHand = append(e.ByHand, fmt.Sprintf("send %s %s %s (the secret for it is in %s), then restart what the plan names", v.Method, v.Path, v.Body, r.o.SecretsOut))
		}
		if set != nil {
			e.ByHand = append(e.ByHand, fmt.Sprintf("or restore the files: essec fix --rollback %s --backup-dir %s", set.ID, r.o.Files.BackupDir))
		}
		return e
	}
	if set != nil {
		if _, err := Rollback(r.o.Files.BackupDir, set.ID); err != nil {
			e.ByHand = append(e.ByHand, fmt.Sprintf("restore the files: essec fix --rollback %s --backup-dir %s (%v)", set.ID, r.o.Files.BackupDir, err))
		} else {
			e.Done = append(e.Done, "restored every file of backup set "+set.ID)
		}
	}
	for i := len(r.undos) - 1; i >= 0; i-- {
		u := r.undos[i]
		if _, _, err := r.send(u.Method, u.Path, u.Body); err != nil {
			e.ByHand = append(e.ByHand, fmt.Sprintf("undo: %s %s %s (%v)", u.Method, u.Path, u.Body, err))
			continue
		}
		e.Done = append(e.Done, "undone: "+u.Method+" "+u.Path)
	}
	for _, path := range r.created {
		if _, _, err := r.send(http.MethodDelete, path, nil); err != nil {
			e.ByHand = append(e.ByHand, fmt.Sprintf("revoke the token: DELETE %s (%v)", path, err))
			continue
		}
		e.Done = append(e.Done, "DELETE "+path+" (token revoked)")
	}
	return e
}
