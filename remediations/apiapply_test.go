package remediations

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/inventory"
)

// recorder is a cluster that answers every request with 200 and runs
// check on each before answering.
type recorder struct {
	reqs  []string
	check func(r *http.Request)
	fail  string // path answered with 500
}

func (c *recorder) Perform(r *http.Request) (*http.Response, error) {
	c.reqs = append(c.reqs, r.Method+" "+r.URL.Path)
	if c.check != nil {
		c.check(r)
	}
	if r.URL.Path == c.fail {
		return &http.Response{StatusCode: 500, Body: io.NopCloser(strings.NewReader(`{"error":"boom"}`))}, nil
	}
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(`{}`))}, nil
}

// A generated password is in the secrets file, synced, before the request
// that makes it live, and the file is 0600; the plan says it cannot be undone.
func TestPasswordIsSavedBeforeTheRequest(t *testing.T) {
	root := t.TempDir()
	ks := filepath.Join(root, "elasticsearch.keystore")
	doc := &inventory.Document{Deployment: inventory.Deployment{Name: "acme", Version: "8.15.1"},
		Elasticsearch: inventory.Elasticsearch{Nodes: []inventory.Node{{Name: "es01", ConfigDir: root,
			Keystore: &inventory.Keystore{Path: ks, Modelled: true, Entries: []string{"bootstrap.password"}}}}}}
	found := []finding.Finding{{CheckID: "MIN-03", Status: finding.StatusFail, Deployment: "acme", Resource: finding.Resource{Kind: "keystore", Name: "es01"}}}
	cl := &Cluster{Version: "8.15.1", Host: "ops1", Privileges: map[string]bool{PrivManageSecurity: true}}
	p, err := Build(context.Background(), doc, found, Options{Level: finding.LevelMinimal, Now: time.Now(), Cluster: cl, Modules: []Module{builtinPasswords{}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Steps) != 1 || len(p.Steps[0].API) != 1 || p.Steps[0].API[0].Reversible || !strings.Contains(p.Steps[0].API[0].Undo, "cannot be undone") {
		t.Fatalf("plan = %+v", p.Steps)
	}
	if !p.CreatesSecrets() {
		t.Fatal("a new password is a secret the plan creates")
	}
	secrets := filepath.Join(t.TempDir(), "secrets")
	if _, err := ApplyWithAPI(context.Background(), p, APIApplyOptions{Files: ApplyOptions{BackupDir: t.TempDir(), Now: time.Now()}, Client: &recorder{}}); err != ErrSecretsOut {
		t.Fatalf("without --secrets-out: %v", err)
	}
	var seen bool
	c := &recorder{check: func(r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		saved, err := os.ReadFile(secrets)
		if err != nil {
			t.Fatalf("no secrets file before %s %s", r.Method, r.URL.Path)
		}
		pw := strings.TrimSuffix(strings.TrimPrefix(string(b), `{"password":"`), `"}`)
		seen = len(pw) == 32 && strings.Contains(string(saved), "user elastic password: "+pw)
	}}
	res, err := ApplyWithAPI(context.Background(), p, APIApplyOptions{Files: ApplyOptions{BackupDir: t.TempDir(), Now: time.Now()}, Client: c, SecretsOut: secrets})
	if err != nil {
		t.Fatal(err)
	}
	if !seen || len(c.reqs) != 1 || c.reqs[0] != "POST /_security/user/elastic/_password" {
		t.Fatalf("requests %v, password saved first: %v", c.reqs, seen)
	}
	if st, _ := os.Stat(secrets); st.Mode().Perm() != 0o600 {
		t.Errorf("secrets file mode %v", st.Mode().Perm())
	}
	if len(res.Done) != 1 {
		t.Errorf("done = %v", res.Done)
	}
}

// Without --url (no cluster) the API steps are manual, with the commands.
func TestAPIStepsWithoutClusterAreManual(t *testing.T) {
	root := t.TempDir()
	kyml := filepath.Join(root, "kibana.yml")
	os.WriteFile(kyml, []byte("elasticsearch.username: elastic\n"), 0o640)
	doc := &inventory.Document{Deployment: inventory.Deployment{Name: "acme", Version: "8.15.1"},
		Kibana: []inventory.Kibana{{Name: "kb", ConfigDir: root, ConfigFile: kyml, Settings: map[string]inventory.Setting{"elasticsearch.username": {Value: "elastic", Source: "file"}}}}}
	found := []finding.Finding{{CheckID: "MIN-07", Status: finding.StatusFail, Deployment: "acme", Resource: finding.Resource{Kind: "kibana", Name: "kb"}}}
	p, err := Build(context.Background(), doc, found, Options{Level: finding.LevelMinimal, Now: time.Now(), Modules: []Module{kibanaCredentials{}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Steps) != 1 || p.Steps[0].Automated() || !strings.Contains(p.Steps[0].Reason, "--url") || p.HasAPICalls() {
		t.Fatalf("steps = %+v", p.Steps[0])
	}
}

// A dynamic setting is written to elasticsearch.yml and applied with a
// persistent PUT, which makes the rolling restart unnecessary.
func TestDynamicSettingThroughTheAPI(t *testing.T) {
	root := t.TempDir()
	yml := filepath.Join(root, "elasticsearch.yml")
	os.WriteFile(yml, []byte("# node\nnode.name: es01\n"), 0o660)
	doc := &inventory.Document{Deployment: inventory.Deployment{Name: "acme", Version: "8.15.1"},
		Elasticsearch: inventory.Elasticsearch{Nodes: []inventory.Node{{Name: "es01", ConfigDir: root, ConfigFile: yml,
			Settings: map[string]inventory.Setting{"node.name": {Value: "es01", Source: "file"}}}}}}
	found := []finding.Finding{{CheckID: "HARD-18", Status: finding.StatusFail, Deployment: "acme", Resource: finding.Resource{Kind: "node", Name: "es01"}}}
	var mod Module
	for _, m := range Modules() {
		if m.ID() == "destructive-requires-name" {
			mod = m
		}
	}
	cl := &Cluster{Version: "8.15.1", Privileges: map[string]bool{PrivManage: true}}
	plan := func() *Plan {
		p, err := Build(context.Background(), doc, found, Options{Level: finding.LevelHardening, Now: time.Now(), Cluster: cl, Modules: []Module{mod}})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := plan()
	if len(p.Steps) != 1 || len(p.Steps[0].API) != 1 || p.Steps[0].API[0].Body != `{"persistent":{"action.destructive_requires_name":true}}` || p.Steps[0].Restart != "" {
		t.Fatalf("step = %+v", p.Steps)
	}
	c := &recorder{}
	if _, err := ApplyWithAPI(context.Background(), p, APIApplyOptions{Files: ApplyOptions{BackupDir: t.TempDir(), Now: time.Now()}, Client: c}); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(yml)
	if len(c.reqs) != 1 || c.reqs[0] != "PUT /_cluster/settings" || !strings.Contains(string(after), "action.destructive_requires_name: true") {
		t.Fatalf("requests %v, file:\n%s", c.reqs, after)
	}

	// A failure after the PUT (the password change) restores the file and
	// undoes the PUT.
	os.WriteFile(yml, []byte("# node\nnode.name: es01\n"), 0o660)
	doc.Elasticsearch.Nodes[0].Keystore = &inventory.Keystore{Path: filepath.Join(root, "elasticsearch.keystore"), Modelled: true, Entries: []string{"bootstrap.password"}}
	found = append(found, finding.Finding{CheckID: "MIN-03", Status: finding.StatusFail, Deployment: "acme", Resource: finding.Resource{Kind: "keystore", Name: "es01"}})
	cl.Privileges[PrivManageSecurity] = true
	p, err := Build(context.Background(), doc, found, Options{Level: finding.LevelHardening, Now: time.Now(), Cluster: cl, Modules: []Module{mod, builtinPasswords{}}})
	if err != nil {
		t.Fatal(err)
	}
	c = &recorder{fail: "/_security/user/elastic/_password"}
	_, err = ApplyWithAPI(context.Background(), p, APIApplyOptions{Files: ApplyOptions{BackupDir: t.TempDir(), Now: time.Now()}, Client: c, SecretsOut: filepath.Join(t.TempDir(), "s")})
	after, _ = os.ReadFile(yml)
	want := "PUT /_cluster/settings,POST /_security/user/elastic/_password,PUT /_cluster/settings"
	if err == nil || strings.Join(c.reqs, ",") != want || string(after) != "# node\nnode.name: es01\n" {
		t.Fatalf("err %v, requests %v, file:\n%s", err, c.reqs, after)
	}
}
