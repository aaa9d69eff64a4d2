package cli_test

// End-to-end tests of essec audit against a live (fake) cluster and Kibana,
// run as a user runs them: flags, ESSEC_* variables, a CA file on disk and
// config directories whose node names match the fake's nodes. Each test
// judges what the user sees: the JSON report, the exit code, stderr, and
// the requests the fake received.

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/collect/probe"
	"github.com/essec-dev/essec/internal/fakees"
	"github.com/essec-dev/essec/internal/finding"
)

const (
	liveUser        = "auditor"
	livePassword    = "Aud1t-0nly-S3cret"
	elasticPassword = "3lastic-Sup3r-S3cret"
)

// liveNodes are the config directories of the fake's nodes es01 and es02
// (testdata/live/README.md): es01's file disables enrollment, which the
// running node still has on.
var liveNodes = []string{"../../testdata/live/prod-logs/es01", "../../testdata/live/prod-logs/es02"}

// auditorEnv is the environment of a run as the dedicated auditor.
var auditorEnv = map[string]string{"ESSEC_PASSWORD": livePassword}

// liveRun is one essec audit --format json.
type liveRun struct {
	code   int
	report finding.Report
	stdout string
	stderr string
}

func auditLive(t *testing.T, env map[string]string, args ...string) liveRun {
	t.Helper()
	code, out, errOut := run(t, env, append([]string{"audit", "--format", "json"}, args...)...)
	lr := liveRun{code: code, stdout: out, stderr: errOut}
	if code != 2 {
		if err := json.Unmarshal([]byte(out), &lr.report); err != nil {
			t.Fatalf("exit %d without a JSON report: %v\nstderr: %s", code, err, errOut)
		}
	}
	return lr
}

// find lists the findings of a check on resources of a kind.
func (lr liveRun) find(check, kind string) []finding.Finding {
	var out []finding.Finding
	for _, f := range lr.report.Findings {
		if f.CheckID == check && f.Resource.Kind == kind {
			out = append(out, f)
		}
	}
	return out
}

// want asserts a finding of check on kind with status whose message holds
// every sub, and returns it.
func (lr liveRun) want(t *testing.T, check, kind string, status finding.Status, subs ...string) finding.Finding {
	t.Helper()
	fs := lr.find(check, kind)
next:
	for _, f := range fs {
		if f.Status != status {
			continue
		}
		for _, s := range subs {
			if !strings.Contains(f.Message, s) {
				continue next
			}
		}
		return f
	}
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%s %s: %s", f.Status, f.Resource.Name, f.Message))
	}
	t.Errorf("no %s %s finding on a %s holding %q; got:\n  %s", check, status, kind, subs, strings.Join(got, "\n  "))
	return finding.Finding{}
}

// never asserts that no finding of check on kind has status.
func (lr liveRun) never(t *testing.T, check, kind string, status finding.Status) {
	t.Helper()
	for _, f := range lr.find(check, kind) {
		if f.Status == status {
			t.Errorf("%s is %s on %s %s: %s", check, status, kind, f.Resource.Name, f.Message)
		}
	}
}

// wantFilesJudged asserts that checks reading only the config files still
// judge them, whatever happened to the live cluster.
func (lr liveRun) wantFilesJudged(t *testing.T) {
	t.Helper()
	lr.want(t, "MIN-01", "node", finding.StatusPass, `xpack.security.enabled is "true" (elasticsearch.yml:11)`)
	lr.want(t, "HTTPS-01", "node", finding.StatusFail, `xpack.security.http.ssl.enabled is "false" (elasticsearch.yml:15)`)
	lr.want(t, "DRIFT-01", "cluster", finding.StatusFail, `es01 "true" (elasticsearch.yml:16), es02 "false" (elasticsearch.yml:15)`)
}

// tlsCluster is a fake served over TLS with a fresh CA, whose PEM is in caFile.
type tlsCluster struct {
	*fakees.Server
	ca     *fakees.CA
	caFile string
}

func newTLSCluster(t *testing.T, sc fakees.Scenario, opts ...fakees.Option) tlsCluster {
	t.Helper()
	ca := fakees.NewCA(t, "essec live test CA")
	s := fakees.New(t, sc, append([]fakees.Option{fakees.WithTLS(ca.ServerTLS(t, fakees.LeafOptions{}, 0))}, opts...)...)
	return tlsCluster{Server: s, ca: ca, caFile: writeTemp(t, "http_ca.crt", ca.PEM())}
}

// auditorScenario is Secured8x for a dedicated auditor user (not elastic).
func auditorScenario(t *testing.T) fakees.Scenario {
	sc := fakees.Secured8x(t, fakees.BasicAuth(liveUser, livePassword))
	sc.Routes[fakees.RouteAuthenticate] = fakees.JSON(http.StatusOK, `{"username":"auditor","roles":["essec_auditor"],"full_name":null,"email":null,"metadata":{},"enabled":true,`+
		`"authentication_realm":{"name":"default_native","type":"native"},"lookup_realm":{"name":"default_native","type":"native"},"authentication_type":"realm"}`)
	return sc
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// closedPort is a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// onlyReads asserts that the fakes got only GET and HEAD requests.
func onlyReads(t *testing.T, servers ...*fakees.Server) {
	t.Helper()
	for _, s := range servers {
		for _, r := range s.Requests() {
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				t.Errorf("%s got %s %s: an audit sends only GET and HEAD", s.URL, r.Method, r.Path)
			}
		}
	}
}

// TestLiveSecuredClusterWithFiles audits a secured 8.x cluster over TLS as
// elastic together with the config directories of its two nodes.
func TestLiveSecuredClusterWithFiles(t *testing.T) {
	t.Parallel()
	es := newTLSCluster(t, fakees.Secured8x(t, fakees.BasicAuth("elastic", elasticPassword)))
	lr := auditLive(t, map[string]string{"ESSEC_PASSWORD": elasticPassword},
		append(liveNodes, "--url", es.URL, "--user", "elastic", "--ca-cert", es.caFile, "--log-level", "debug")...)
	if lr.code != 1 {
		t.Fatalf("exit %d, want 1 (the files fail basic checks)\n%s", lr.code, lr.stderr)
	}
	if d := lr.report.Deployments; len(d) != 1 || d[0].Name != "prod-logs" || d[0].Version != "8.12.1" {
		t.Errorf("deployments %+v: want prod-logs at the version GET / reports", d)
	}
	if len(lr.report.Errors) != 0 {
		t.Errorf("errors with a healthy cluster: %+v", lr.report.Errors)
	}

	lr.want(t, "MIN-01", "cluster", finding.StatusPass, "GET /_xpack/usage reports security.enabled true")
	lr.want(t, "MIN-02", "cluster", finding.StatusPass, es.URL+"/ without credentials answered 401")
	lr.want(t, "MIN-02", "cluster", finding.StatusPass, "security.anonymous.enabled false")
	lr.want(t, "MIN-03", "cluster", finding.StatusWarn, "authenticated as the elastic superuser")
	lr.want(t, "HTTPS-01", "endpoint", finding.StatusPass, es.URL+" completed a TLS handshake")
	lr.never(t, "HTTPS-01", "cluster", finding.StatusWarn)
	lr.wantFilesJudged(t)

	// The file of es01 and the running es01 are judged together.
	drift := lr.want(t, "DRIFT-02", "node", finding.StatusFail,
		`xpack.security.enrollment.enabled is "false" in the file (elasticsearch.yml:14) but the running node has "true": restart pending`)
	if drift.Resource.Name != "es01" || drift.Resource.Line != 14 || !strings.HasSuffix(drift.Resource.File, filepath.Join("es01", "elasticsearch.yml")) {
		t.Errorf("DRIFT-02 points at %+v, want es01's elasticsearch.yml:14", drift.Resource)
	}
	if f := lr.want(t, "DRIFT-02", "node", finding.StatusPass, "match the running node"); f.Resource.Name != "es02" {
		t.Errorf("DRIFT-02 pass on %q, want es02", f.Resource.Name)
	}

	if n := len(es.Requests()); n < 14 { // every call (no GET /_security/api_key: nothing reads API keys) and probe
		t.Errorf("the fake got %d requests, want every call and probe", n)
	}
	onlyReads(t, es.Server)
	if !strings.Contains(lr.stderr, `msg="elasticsearch call"`) {
		t.Errorf("--log-level debug logged no call:\n%s", lr.stderr)
	}
	noSecret(t, lr.stderr+lr.stdout, elasticPassword, "elastic")
}

// noSecret asserts that text holds neither a secret nor its Basic encoding.
func noSecret(t *testing.T, text, secret, user string) {
	t.Helper()
	for _, s := range []string{secret, base64.StdEncoding.EncodeToString([]byte(user + ":" + secret))} {
		if strings.Contains(text, s) {
			t.Errorf("output holds the secret %q", s)
		}
	}
}

// errorCase is a way a live cluster fails the audit.
type errorCase struct {
	name string
	// start returns the fake (nil when there is none), the --url and extra
	// flags and environment.
	start func(t *testing.T) (s *fakees.Server, url string, flags []string, env map[string]string)
	// hint is what the reason must tell the user to do.
	hint string
	// unknown are the checks ("MIN-03 cluster") needing the failed calls:
	// each must be unknown, quoting the hint, and never pass there.
	unknown []string
	// minimal is the minimal level's verdict; exitMinimal, when set, is the
	// exit code of an audit of that level alone (1 or 3).
	minimal     finding.Verdict
	exitMinimal int
}

func errorCases() []errorCase {
	tlsWith := func(mutate func(t *testing.T, s *fakees.Server), flags ...string) func(t *testing.T) (*fakees.Server, string, []string, map[string]string) {
		return func(t *testing.T) (*fakees.Server, string, []string, map[string]string) {
			es := newTLSCluster(t, auditorScenario(t))
			if mutate != nil {
				mutate(t, es.Server)
			}
			return es.Server, es.URL, append([]string{"--ca-cert", es.caFile}, flags...), auditorEnv
		}
	}
	users := func(r func(t *testing.T) fakees.Response) func(t *testing.T, s *fakees.Server) {
		return func(t *testing.T, s *fakees.Server) { s.Set(fakees.RouteUsers, r(t)) }
	}
	usersChecks := []string{"MIN-03 cluster", "HARD-13 cluster"}
	return []errorCase{
		{name: "401 wrong credentials", hint: "check the password of --user auditor (ESSEC_PASSWORD or --password-file)",
			start: func(t *testing.T) (*fakees.Server, string, []string, map[string]string) {
				es := newTLSCluster(t, auditorScenario(t))
				return es.Server, es.URL, []string{"--ca-cert", es.caFile}, map[string]string{"ESSEC_PASSWORD": "not-the-password"}
			},
			unknown: []string{"MIN-03 cluster", "HARD-13 cluster", "HARD-14 cluster", "DRIFT-02 node"}, minimal: finding.VerdictUnknown, exitMinimal: 3},
		{name: "403 on users and roles", hint: "grant the identity essec uses the cluster privilege read_security",
			start: tlsWith(func(t *testing.T, s *fakees.Server) {
				s.Set(fakees.RouteUsers, fakees.Forbidden(fakees.Fixture(t, "error-403.json")))
				s.Set(fakees.RouteRoles, fakees.Forbidden(fakees.Fixture(t, "error-403-role.json")))
			}),
			unknown: usersChecks, minimal: finding.VerdictUnknown},
		{name: "security disabled 8.x", hint: "enable it (xpack.security.enabled: true, see MIN-01)",
			start: func(t *testing.T) (*fakees.Server, string, []string, map[string]string) {
				s := fakees.New(t, fakees.SecurityDisabled8x(t))
				return s, s.URL, nil, auditorEnv
			},
			unknown: append(usersChecks, "HARD-14 cluster"), minimal: finding.VerdictFail, exitMinimal: 1},
		{name: "timeout", hint: "raise --timeout (now 1s)",
			start: tlsWith(users(func(t *testing.T) fakees.Response {
				return fakees.Response{Body: fakees.Fixture(t, "security-user.json"), Latency: 5 * time.Second}
			}), "--timeout", "1s"),
			unknown: usersChecks, minimal: finding.VerdictUnknown},
		{name: "connection refused", hint: "check that Elasticsearch is running and listening at --url",
			start: func(t *testing.T) (*fakees.Server, string, []string, map[string]string) {
				return nil, "https://" + closedPort(t), nil, auditorEnv
			},
			unknown: []string{"HARD-13 cluster", "HARD-14 cluster", "MIN-02 cluster"}, minimal: finding.VerdictUnknown},
		{name: "wrong CA", hint: probe.HintTLSTrust,
			start: func(t *testing.T) (*fakees.Server, string, []string, map[string]string) {
				es := newTLSCluster(t, auditorScenario(t))
				other := writeTemp(t, "other_ca.crt", fakees.NewCA(t, "some other CA").PEM())
				return es.Server, es.URL, []string{"--ca-cert", other}, auditorEnv
			},
			unknown: []string{"HARD-13 cluster", "HARD-14 cluster", "MIN-02 cluster"}, minimal: finding.VerdictUnknown},
		{name: "malformed JSON", hint: "not at a proxy or another service",
			start: tlsWith(users(func(t *testing.T) fakees.Response {
				return fakees.Response{Body: fakees.Fixture(t, "security-user.json"), Fault: fakees.Malformed}
			})),
			unknown: usersChecks, minimal: finding.VerdictUnknown},
		{name: "500", hint: "the cluster failed to answer this call: see its logs",
			start: tlsWith(users(func(*testing.T) fakees.Response {
				return fakees.JSON(http.StatusInternalServerError, `{"error":{"type":"null_pointer_exception","reason":"boom"},"status":500}`)
			})),
			unknown: usersChecks, minimal: finding.VerdictUnknown},
	}
}

// TestLiveErrorClasses: whatever goes wrong with the live cluster, the
// checks that needed the failed calls are unknown with a reason that says
// what to do (never pass), every other check still judges, and the exit
// code is 1 or 3, never 2, since the files were audited.
func TestLiveErrorClasses(t *testing.T) {
	t.Parallel()
	for _, tc := range errorCases() {
		t.Run(tc.name, func(t *testing.T) {
			s, url, flags, env := tc.start(t)
			args := append(append(append([]string{}, liveNodes...), "--url", url, "--user", liveUser), flags...)
			lr := auditLive(t, env, args...)
			if lr.code != 1 {
				t.Errorf("exit %d, want 1 (the files fail checks)\n%s", lr.code, lr.stderr)
			}
			for _, c := range tc.unknown {
				check, kind, _ := strings.Cut(c, " ")
				lr.want(t, check, kind, finding.StatusUnknown, tc.hint)
				lr.never(t, check, kind, finding.StatusPass)
			}
			lr.wantFilesJudged(t)
			hinted := false
			for _, e := range lr.report.Errors {
				hinted = hinted || (e.Source == "cluster" && strings.Contains(e.Message, "; hint: ") && strings.Contains(e.Message, tc.hint))
			}
			if !hinted {
				t.Errorf("no cluster error in the report says %q: %+v", tc.hint, lr.report.Errors)
			}
			if s != nil {
				onlyReads(t, s)
			}

			if d := lr.report.Deployments; len(d) != 1 || d[0].Levels[finding.LevelMinimal] != tc.minimal {
				t.Errorf("deployments %+v: want minimal %s", d, tc.minimal)
			}
			if tc.exitMinimal != 0 {
				minimal := auditLive(t, env, append(args, "--level", "minimal", "--checks", "MIN-01,MIN-02,MIN-03")...)
				if minimal.code != tc.exitMinimal {
					t.Errorf("minimal audit: exit %d, want %d; levels %+v", minimal.code, tc.exitMinimal, minimal.report.Deployments)
				}
			}
		})
	}
}

// TestLiveUnreachableWithoutFiles: with nothing but an unreachable --url,
// nothing was audited: exit 2 with the reason and its hint.
func TestLiveUnreachableWithoutFiles(t *testing.T) {
	t.Parallel()
	code, _, errOut := run(t, auditorEnv, "audit", "--url", "https://"+closedPort(t), "--user", liveUser)
	if code != 2 || !strings.Contains(errOut, "connection refused") || !strings.Contains(errOut, "listening at --url") {
		t.Errorf("exit %d, stderr %q: want 2 with the refusal and a hint", code, errOut)
	}
}

// TestLiveOpen7x: a 7.x cluster without authentication fails MIN-01 and
// MIN-02 from live evidence alone.
func TestLiveOpen7x(t *testing.T) {
	t.Parallel()
	s := fakees.New(t, fakees.Open7x(t))
	lr := auditLive(t, nil, "--url", s.URL)
	if lr.code != 1 {
		t.Errorf("exit %d, want 1\n%s", lr.code, lr.stderr)
	}
	lr.want(t, "MIN-01", "cluster", finding.StatusFail, "GET /_xpack/usage reports security.enabled false")
	lr.want(t, "MIN-02", "cluster", finding.StatusFail, s.URL+"/ without credentials answered 200")
	lr.never(t, "MIN-01", "cluster", finding.StatusPass)
	lr.never(t, "MIN-02", "cluster", finding.StatusPass)
	if d := lr.report.Deployments; len(d) != 1 || d[0].Levels[finding.LevelMinimal] != finding.VerdictFail {
		t.Errorf("deployments %+v: minimal should fail", d)
	}
	onlyReads(t, s)
}

// TestLiveAnonymousRole: anonymous access with a role fails MIN-02, and
// HARD-27 judges the role: from the anonymous _authenticate answer when
// only the cluster is audited, from GET /_security/role for the role a
// node's file names.
func TestLiveAnonymousRole(t *testing.T) {
	t.Parallel()
	es := newTLSCluster(t, fakees.WithAnonymousRole(t, auditorScenario(t)))
	base := []string{"--url", es.URL, "--user", liveUser, "--ca-cert", es.caFile}
	lr := auditLive(t, auditorEnv, base...)
	lr.want(t, "MIN-02", "cluster", finding.StatusFail, `answered 200 as user "_anonymous" with roles [superuser]`)
	lr.want(t, "MIN-02", "cluster", finding.StatusFail, "security.anonymous.enabled true")
	lr.never(t, "MIN-02", "cluster", finding.StatusPass)
	lr.want(t, "HARD-27", "cluster", finding.StatusFail, "reported roles superuser: superuser grants everything")

	for _, tc := range []struct {
		role   string
		status finding.Status
		says   string
		roles  *fakees.Response
	}{
		{"logs_reader", finding.StatusPass, "logs_reader is read-only", nil},
		{"logs_reader", finding.StatusUnknown, "hint: grant the identity essec uses the cluster privilege read_security",
			&fakees.Response{Status: http.StatusForbidden, Body: fakees.Fixture(t, "error-403-role.json")}},
	} {
		t.Run(tc.role+" "+string(tc.status), func(t *testing.T) {
			if tc.roles != nil {
				es.Set(fakees.RouteRoles, *tc.roles)
				defer es.Set(fakees.RouteRoles, fakees.Response{Body: fakees.Fixture(t, "security-role.json")})
			}
			yml, err := os.ReadFile(filepath.Join(liveNodes[0], "elasticsearch.yml"))
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "es01")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			writeAt(t, filepath.Join(dir, "elasticsearch.yml"), append(yml, "xpack.security.authc.anonymous.roles: "+tc.role+"\n"...))
			lr := auditLive(t, auditorEnv, append([]string{dir}, base...)...)
			f := lr.want(t, "HARD-27", "node", tc.status, "anonymous access gets roles "+tc.role, tc.says)
			if f.Resource.Name != "es01" {
				t.Errorf("HARD-27 on %q, want es01", f.Resource.Name)
			}
			lr.want(t, "MIN-02", "node", finding.StatusFail, "xpack.security.authc.anonymous.roles is ["+tc.role+"]")
		})
	}
	onlyReads(t, es.Server)
}

func writeAt(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestLiveExpiredCertificate: a certificate GET /_ssl/certificates reports
// as expired fails HARD-06.
func TestLiveExpiredCertificate(t *testing.T) {
	t.Parallel()
	es := newTLSCluster(t, auditorScenario(t))
	es.Set(fakees.RouteSSLCertificates, fakees.JSON(http.StatusOK, `[`+
		`{"path":"certs/http.p12","format":"PKCS12","alias":"http","subject_dn":"CN=es01","serial_number":"0badc0de","has_private_key":true,"expiry":"2026-01-15T09:00:00.000Z","issuer":"CN=Elasticsearch security auto-configuration HTTP CA"},`+
		`{"path":"certs/http.p12","format":"PKCS12","alias":"http_ca","subject_dn":"CN=Elasticsearch security auto-configuration HTTP CA","serial_number":"0ca","has_private_key":true,"expiry":"2030-01-15T09:00:00.000Z","issuer":"CN=Elasticsearch security auto-configuration HTTP CA"}]`))
	lr := auditLive(t, auditorEnv, "--url", es.URL, "--user", liveUser, "--ca-cert", es.caFile)
	f := lr.want(t, "HARD-06", "certificate", finding.StatusFail, `certificate "CN=es01" (certs/http.p12, serial 0badc0de) expired on 2026-01-15`)
	if f.Resource.Name != "CN=es01" {
		t.Errorf("HARD-06 fails %q, want CN=es01", f.Resource.Name)
	}
	lr.want(t, "HARD-06", "certificate", finding.StatusPass, "Elasticsearch security auto-configuration HTTP CA")
	if lr.code != 1 {
		t.Errorf("exit %d, want 1", lr.code)
	}
}

// TestLiveInsecure: --insecure is accepted, the audit judges the cluster,
// and the unverified certificate is a finding of its own.
func TestLiveInsecure(t *testing.T) {
	t.Parallel()
	es := newTLSCluster(t, auditorScenario(t))
	lr := auditLive(t, auditorEnv, "--url", es.URL, "--user", liveUser, "--insecure")
	if lr.code == 2 {
		t.Fatalf("--insecure refused: %s", lr.stderr)
	}
	lr.want(t, "HTTPS-01", "cluster", finding.StatusWarn,
		"the certificate of "+es.URL+" was not verified (--insecure), so essec cannot tell whether clients can trust it", "--ca-cert", "--ca-fingerprint")
	lr.want(t, "MIN-01", "cluster", finding.StatusPass, "security.enabled true")
	lr.want(t, "MIN-03", "cluster", finding.StatusPass, `the audit did not use elastic (user "auditor")`)
	if len(lr.report.Errors) != 0 {
		t.Errorf("errors: %+v", lr.report.Errors)
	}
	onlyReads(t, es.Server)
}

// TestLiveCAFingerprint: --ca-fingerprint as openssl prints it (colons,
// upper case) trusts the fake; another fingerprint is a TLS error with the
// hint.
func TestLiveCAFingerprint(t *testing.T) {
	t.Parallel()
	es := newTLSCluster(t, auditorScenario(t))
	lr := auditLive(t, auditorEnv, "--url", es.URL, "--user", liveUser, "--ca-fingerprint", colonFingerprint(es.ca.Cert.Raw))
	if len(lr.report.Errors) != 0 {
		t.Errorf("errors with the right fingerprint: %+v", lr.report.Errors)
	}
	lr.want(t, "MIN-01", "cluster", finding.StatusPass, "security.enabled true")
	lr.want(t, "HTTPS-01", "endpoint", finding.StatusPass, "completed a TLS handshake")
	lr.never(t, "HTTPS-01", "cluster", finding.StatusWarn)

	// Without config files an unreachable cluster leaves nothing to audit.
	other := fakees.NewCA(t, "other CA")
	code, _, errOut := run(t, auditorEnv, "audit", "--url", es.URL, "--user", liveUser, "--ca-fingerprint", colonFingerprint(other.Cert.Raw))
	if code != 2 || !strings.Contains(errOut, "fingerprint mismatch") || !strings.Contains(errOut, probe.HintTLSTrust) {
		t.Errorf("wrong fingerprint: exit %d, stderr %q; want 2 with the mismatch and the hint", code, errOut)
	}
	onlyReads(t, es.Server)
}

func colonFingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}

// TestLiveKibanaHeaders: KIB-04, KIB-05 and KIB-06 judge the headers a live
// Kibana sends, with and without Kibana's security headers.
func TestLiveKibanaHeaders(t *testing.T) {
	t.Parallel()
	ca := fakees.NewCA(t, "kibana CA")
	caFile := writeTemp(t, "ca.crt", ca.PEM())
	for _, tc := range []struct {
		headers bool
		status  finding.Status
		says    []string
	}{
		{true, finding.StatusPass, []string{`Strict-Transport-Security is "max-age=31536000"`, `sends X-Frame-Options "SAMEORIGIN"`, `sends X-Content-Type-Options "nosniff"`}},
		{false, finding.StatusFail, []string{"has no Strict-Transport-Security header", "sends neither X-Frame-Options", "has no x-content-type-options header"}},
	} {
		t.Run(fmt.Sprintf("security headers %v", tc.headers), func(t *testing.T) {
			kb := fakees.NewKibana(t, fakees.KibanaOptions{SecurityHeaders: tc.headers}, fakees.WithTLS(ca.ServerTLS(t, fakees.LeafOptions{}, 0)))
			lr := auditLive(t, nil, "--kibana-url", kb.URL, "--ca-cert", caFile)
			for i, check := range []string{"KIB-04", "KIB-05", "KIB-06"} {
				lr.want(t, check, "kibana", tc.status, "the live answer of "+kb.URL, tc.says[i])
			}
			if lr.code != 1 && lr.code != 3 {
				t.Errorf("exit %d, want 1 or 3", lr.code)
			}
			onlyReads(t, kb)
		})
	}
}

// TestLiveDebugLogHasNoSecrets: at debug level, with every kind of
// credential and a cluster that echoes the Authorization header back in an
// error, neither stderr nor the report shows the credential.
func TestLiveDebugLogHasNoSecrets(t *testing.T) {
	t.Parallel()
	apiKey := base64.StdEncoding.EncodeToString([]byte("VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw"))
	token := base64.RawStdEncoding.EncodeToString([]byte("\x00\x01\x00\x01elastic/kibana/essec-token:r5wdbdboQSe9vGOKwaJGAw"))
	for _, tc := range []struct {
		name    string
		env     map[string]string
		flags   []string
		secrets []string
	}{
		{"password", auditorEnv, []string{"--user", liveUser}, []string{livePassword, base64.StdEncoding.EncodeToString([]byte(liveUser + ":" + livePassword))}},
		{"api key", map[string]string{"ESSEC_API_KEY": apiKey}, nil, []string{apiKey, "ui2lp2axTNmsyakw9tvNnw"}},
		{"service token", map[string]string{"ESSEC_SERVICE_TOKEN": token}, nil, []string{token, "r5wdbdboQSe9vGOKwaJGAw"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es := newTLSCluster(t, fakees.Secured8x(t, fakees.BasicAuth(liveUser, livePassword), fakees.APIKeyAuth(apiKey), fakees.BearerAuth(token)))
			es.Set(fakees.RouteUsers, fakees.Response{Status: http.StatusInternalServerError, BodyFunc: func(r *http.Request) []byte {
				return fmt.Appendf(nil, `{"error":{"type":"exception","reason":"bad header [%s]"},"status":500}`, r.Header.Get("Authorization"))
			}})
			lr := auditLive(t, tc.env, append([]string{"--url", es.URL, "--ca-cert", es.caFile, "--log-level", "debug"}, tc.flags...)...)
			if !strings.Contains(lr.stderr, "level=DEBUG") || !strings.Contains(lr.stderr, "call=users") {
				t.Fatalf("no debug log of the calls:\n%s", lr.stderr)
			}
			lr.want(t, "HARD-13", "cluster", finding.StatusUnknown, "bad header [")
			for _, s := range tc.secrets {
				if strings.Contains(lr.stderr, s) || strings.Contains(lr.stdout, s) {
					t.Errorf("the credential %q shows in the output", s)
				}
			}
		})
	}
}

// TestLiveAuditRunsCallsConcurrently: against a cluster answering every
// request after 300 ms, the audit's calls overlap: the server sees several
// of them in flight at once (a count, not a timing, so load cannot flake it).
func TestLiveAuditRunsCallsConcurrently(t *testing.T) {
	const latency = 300 * time.Millisecond
	es := newTLSCluster(t, auditorScenario(t), fakees.WithLatency(latency))
	lr := auditLive(t, auditorEnv, "--url", es.URL, "--user", liveUser, "--ca-cert", es.caFile, "--log-level", "debug")
	if !strings.Contains(lr.stderr, `msg="cluster collected"`) {
		t.Fatalf("no cluster collection logged:\n%s", lr.stderr)
	}
	if n := es.MaxInFlight(); n < 4 {
		t.Errorf("at most %d request(s) were in flight at once; want the calls sent concurrently (4 or more)", n)
	}
}
