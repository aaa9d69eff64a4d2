package cli_test

// Where essec's credentials may go (issue 9, items 3 and 10): never in a
// URL, never to an unauthenticated probe, never in clear text without a
// warning, never to a foreign export cluster unasked.

import (
	"crypto/tls"
	"net/http"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/fakees"
)

const urlSecret = "Url-Pw-s3cret"

func TestURLCredentialsRefused(t *testing.T) {
	t.Parallel()
	kb := fakees.NewKibana(t, fakees.KibanaOptions{})
	es := fakees.New(t, auditorScenario(t))
	withCreds := func(u string) string { return strings.Replace(u, "://", "://elastic:"+urlSecret+"@", 1) }
	inv := writeTemp(t, "essec.yaml", []byte("deployments:\n  - name: prod\n    kibana:\n      urls: ['"+withCreds(kb.URL)+"']\n"))
	for name, args := range map[string][]string{
		"--url":                 {"audit", "--url", withCreds(es.URL)},
		"--kibana-url":          {"audit", "--kibana-url", withCreds(kb.URL)},
		"collect --kibana-url":  {"collect", "--kibana-url", withCreds(kb.URL)},
		"--export-es":           {"audit", "--kibana-url", kb.URL, "--export-es", withCreds(es.URL)},
		"inventory kibana.urls": {"audit", inv},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := run(t, auditorEnv, args...)
			if code != 2 || !strings.Contains(errOut, "holds credentials") {
				t.Errorf("exit %d, stderr %q: want 2 and a refusal", code, errOut)
			}
			if strings.Contains(out+errOut, urlSecret) {
				t.Errorf("the password is echoed: %s%s", out, errOut)
			}
		})
	}
	if n := len(kb.Requests()) + len(es.Requests()); n != 0 {
		t.Errorf("%d requests were sent despite the refusal", n)
	}
}

// TestPlainHTTPCredentialsWarn: credentials sent to http:// are announced
// on stderr and judged by HTTPS-01; the same audit without credentials is
// silent about it.
func TestPlainHTTPCredentialsWarn(t *testing.T) {
	t.Parallel()
	es := fakees.New(t, auditorScenario(t))
	lr := auditLive(t, auditorEnv, "--url", es.URL, "--user", liveUser)
	warn := "--url " + es.URL + " is plain HTTP: essec's credentials cross the network in clear text"
	if !strings.Contains(lr.stderr, warn) {
		t.Errorf("stderr %q lacks %q", lr.stderr, warn)
	}
	lr.want(t, "HTTPS-01", "endpoint", "fail", "essec sent its basic credentials to "+es.URL+" in clear text")

	open := fakees.New(t, fakees.Open7x(t))
	lr = auditLive(t, nil, "--url", open.URL)
	if strings.Contains(lr.stderr, "clear text") {
		t.Errorf("warned without credentials: %q", lr.stderr)
	}
}

// TestExportCredentialsStayHome: the audit's credentials go to --export-es
// only when it is the audited cluster or when allowed explicitly; the
// export's own credentials are used otherwise.
func TestExportCredentialsStayHome(t *testing.T) {
	t.Parallel()
	audited := fakees.New(t, auditorScenario(t))
	sink := fakees.New(t, fakees.Scenario{Unmatched: func(*http.Request) fakees.Response { return fakees.JSON(http.StatusOK, `{}`) }})
	base := []string{"--url", audited.URL, "--user", liveUser, "--checks", "MIN-01"}

	code, _, errOut := run(t, auditorEnv, append(append([]string{"audit"}, base...), "--export-es", sink.URL)...)
	if code != 2 || !strings.Contains(errOut, "is not the audited cluster") || !strings.Contains(errOut, "--export-reuse-credentials") {
		t.Fatalf("foreign export with the audit's credentials: exit %d, stderr %q", code, errOut)
	}
	if len(sink.Requests())+len(audited.Requests()) != 0 {
		t.Fatal("requests were sent before the refusal")
	}

	exportPassword := "Exp0rt-0nly-S3cret"
	env := map[string]string{"ESSEC_PASSWORD": livePassword, "ESSEC_EXPORT_PASSWORD": exportPassword}
	_, _, errOut = run(t, env, append(append([]string{"audit"}, base...), "--export-es", sink.URL, "--export-user", "shipper")...)
	if !strings.Contains(errOut, "--export-es "+sink.URL+" is plain HTTP") {
		t.Errorf("no plain-HTTP warning for the export: %q", errOut)
	}
	for _, r := range sink.Requests() {
		user, pass, ok := (&http.Request{Header: r.Header}).BasicAuth()
		if !ok || user != "shipper" || pass != exportPassword {
			t.Fatalf("export request %s %s authenticated as %q (ok %v), want the export's own user", r.Method, r.Path, user, ok)
		}
	}
	if len(sink.Requests()) == 0 {
		t.Fatal("nothing exported")
	}

	n := len(sink.Requests())
	run(t, auditorEnv, append(append([]string{"audit"}, base...), "--export-es", sink.URL, "--export-reuse-credentials")...)
	reqs := sink.Requests()[n:]
	if len(reqs) == 0 {
		t.Fatal("nothing exported with --export-reuse-credentials")
	}
	if user, _, _ := (&http.Request{Header: reqs[0].Header}).BasicAuth(); user != liveUser {
		t.Errorf("--export-reuse-credentials sent user %q", user)
	}
}

// TestAPIKeyWithLineBreakIsUsageError: an API key whose value holds CR/LF
// (a header injection) is refused before anything is sent.
func TestAPIKeyWithLineBreakIsUsageError(t *testing.T) {
	t.Parallel()
	es := fakees.New(t, auditorScenario(t))
	code, _, errOut := run(t, map[string]string{"ESSEC_API_KEY": "a2V5OnZhbHVl\r\nX-Injected: yes"}, "audit", "--url", es.URL)
	if code != 2 || !strings.Contains(errOut, "line break") {
		t.Errorf("exit %d, stderr %q: want 2 and the reason", code, errOut)
	}
	if len(es.Requests()) != 0 {
		t.Error("a request was sent")
	}
}

// TestPinnedFingerprintEverywhere (issue 9, item 1): a man in the middle
// presenting its own certificate with the real CA appended receives no
// credential, whether the pin comes from an inventory, --export-es trust
// or --kibana-url probes.
func TestPinnedFingerprintEverywhere(t *testing.T) {
	t.Parallel()
	ca := fakees.NewCA(t, "real CA")
	mitmCert := fakees.SelfSigned(t, fakees.LeafOptions{})
	mitmCert.Certificate = append(mitmCert.Certificate, ca.Cert.Raw)
	mitm := fakees.New(t, auditorScenario(t), fakees.WithTLS(&tls.Config{Certificates: []tls.Certificate{mitmCert}}))
	good := fakees.New(t, auditorScenario(t), fakees.WithTLS(ca.ServerTLS(t, fakees.LeafOptions{}, 0)))
	pin := colonFingerprint(ca.Cert.Raw)

	inv := writeTemp(t, "essec.yaml", []byte("deployments:\n  - name: prod\n    elasticsearch:\n      urls: ['"+mitm.URL+"']\n"+
		"      ca_fingerprint: '"+pin+"'\n      auth:\n        username: "+liveUser+"\n        password_env: ESSEC_PASSWORD\n"))
	if code, _, errOut := run(t, auditorEnv, "audit", inv); code != 2 || !strings.Contains(errOut, "does not verify against it") {
		t.Errorf("inventory pin: exit %d, stderr %q", code, errOut)
	}

	code, _, errOut := run(t, auditorEnv, "audit", "--url", good.URL, "--user", liveUser, "--ca-fingerprint", pin,
		"--checks", "MIN-01", "--export-es", mitm.URL, "--export-reuse-credentials")
	if code != 1 || !strings.Contains(errOut, "export to "+mitm.URL) {
		t.Errorf("export pin: exit %d, stderr %q", code, errOut)
	}

	lr := auditLive(t, nil, "--kibana-url", mitm.URL, "--ca-fingerprint", pin)
	found := false
	for _, e := range lr.report.Errors {
		found = found || (e.Source == "kibana-probe" && strings.Contains(e.Message, "does not verify against it"))
	}
	if !found {
		t.Errorf("kibana pin: errors %+v", lr.report.Errors)
	}

	if n := len(mitm.Requests()); n != 0 {
		t.Errorf("the man in the middle got %d requests", n)
	}
	if len(good.Requests()) == 0 {
		t.Error("the real cluster was not audited")
	}
}
