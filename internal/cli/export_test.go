package cli_test

// --export-es connects as its own client: its own credentials (user and
// password, API key from a file or the environment), its own CA or CA
// fingerprint; contradictory or orphaned export flags are usage errors.

import (
	"net/http"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/fakees"
)

// exportSink is an Elasticsearch that accepts whatever the export sends.
func exportSink(t *testing.T, opts ...fakees.Option) *fakees.Server {
	return fakees.New(t, fakees.Scenario{Product: fakees.ProductElasticsearch, Unmatched: func(*http.Request) fakees.Response { return fakees.JSON(http.StatusOK, `{}`) }}, opts...)
}

func TestExportOwnAPIKey(t *testing.T) {
	t.Parallel()
	audited := fakees.New(t, auditorScenario(t))
	const key = "ZXhwb3J0OmtleQ=="
	keyFile := writeTemp(t, "export.key", []byte(key+"\n"))
	for name, tc := range map[string]struct {
		env  map[string]string
		args []string
	}{
		"--export-api-key-file": {auditorEnv, []string{"--export-api-key-file", keyFile}},
		"ESSEC_EXPORT_API_KEY":  {map[string]string{"ESSEC_PASSWORD": livePassword, "ESSEC_EXPORT_API_KEY": key}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			sink := exportSink(t)
			args := append([]string{"audit", "--url", audited.URL, "--user", liveUser, "--checks", "MIN-01", "--export-es", sink.URL}, tc.args...)
			_, out, errOut := run(t, tc.env, args...)
			if len(sink.Requests()) == 0 {
				t.Fatalf("nothing exported: stderr %q", errOut)
			}
			for _, r := range sink.Requests() {
				scheme, value, _ := strings.Cut(r.Header.Get("Authorization"), " ")
				if !strings.EqualFold(scheme, "ApiKey") || value != key {
					t.Fatalf("export request %s %s sent Authorization %q, want the export's API key", r.Method, r.Path, scheme+" "+value)
				}
			}
			if !strings.Contains(errOut, "essec: exported ") {
				t.Errorf("no export summary: stderr %q", errOut)
			}
			if strings.Contains(out+errOut, key) {
				t.Errorf("the API key is echoed: %s%s", out, errOut)
			}
		})
	}
}

// The export cluster's CA is not the audited cluster's: --export-ca-cert
// and --export-ca-fingerprint trust it, the audit's --ca-cert does not.
func TestExportOwnCA(t *testing.T) {
	t.Parallel()
	audited := newTLSCluster(t, auditorScenario(t))
	exportCA := fakees.NewCA(t, "central findings CA")
	sink := exportSink(t, fakees.WithTLS(exportCA.ServerTLS(t, fakees.LeafOptions{}, 0)))
	exportCAFile := writeTemp(t, "central_ca.crt", exportCA.PEM())
	env := map[string]string{"ESSEC_PASSWORD": livePassword, "ESSEC_EXPORT_PASSWORD": "Exp0rt-S3cret"}
	base := []string{"audit", "--url", audited.URL, "--user", liveUser, "--ca-cert", audited.caFile, "--checks", "MIN-01",
		"--export-es", sink.URL, "--export-user", "shipper"}

	_, _, errOut := run(t, env, base...)
	if !strings.Contains(errOut, "export to "+sink.URL) {
		t.Errorf("the audit's CA trusted the export cluster: stderr %q", errOut)
	}
	if n := len(sink.Requests()); n != 0 {
		t.Fatalf("%d requests reached an export cluster essec does not trust", n)
	}
	for name, trust := range map[string][]string{
		"--export-ca-cert":        {"--export-ca-cert", exportCAFile},
		"--export-ca-fingerprint": {"--export-ca-fingerprint", colonFingerprint(exportCA.Cert.Raw)},
	} {
		n := len(sink.Requests())
		_, _, errOut := run(t, env, append(append([]string{}, base...), trust...)...)
		if strings.Contains(errOut, "export to ") || len(sink.Requests()) == n {
			t.Errorf("%s: nothing exported: stderr %q", name, errOut)
		}
		if !strings.Contains(errOut, "essec: exported ") {
			t.Errorf("%s: no export summary: stderr %q", name, errOut)
		}
	}
	if len(audited.Requests()) == 0 {
		t.Error("the audited cluster was not audited")
	}
}

func TestExportFlagsValidated(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"without --export-es":    {[]string{"--export-user", "shipper"}, "need --export-es"},
		"two trusts":             {[]string{"--export-es", "https://central:9200", "--export-ca-cert", "ca.crt", "--export-ca-fingerprint", "AB"}, "alternatives"},
		"password without user":  {[]string{"--export-es", "https://central:9200", "--export-password-file", "pw"}, "needs --export-user"},
		"own and reused":         {[]string{"--export-es", "https://central:9200", "--export-user", "shipper", "--export-reuse-credentials"}, "contradict"},
		"credentials in the URL": {[]string{"--export-es", "https://shipper:pw@central:9200"}, "holds credentials"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, errOut := run(t, nil, append([]string{"audit", "--input", "testdata/nonexistent.json"}, tc.args...)...)
			if code != 2 || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q: want 2 and %q", code, errOut, tc.want)
			}
		})
	}
}
