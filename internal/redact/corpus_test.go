package redact_test

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/redact"
	"github.com/essec-dev/essec/internal/sharedtest"
)

var update = flag.Bool("update", false, "rewrite testdata/corpus-secret-names.txt")

// corpusNames returns every setting and environment variable name the
// corpus uses, with the files that use it.
func corpusNames(t *testing.T) map[string]string {
	dir := sharedtest.Dir(t, "corpus")
	files, err := filepath.Glob(filepath.Join(dir, "files", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in %s: %v", dir, err)
	}
	names := map[string]string{}
	add := func(name, file string) {
		if _, ok := names[name]; !ok {
			names[name] = filepath.Base(file)
		}
	}
	for _, f := range files {
		base := filepath.Base(f)
		switch {
		case strings.Contains(base, "-compose"):
			// Every environment variable of every service, read here
			// rather than through the compose loader, so that the list
			// does not follow how the loader classifies services.
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range composeEnvNames(f, data) {
				add(name, f)
			}
		default:
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			d := yamlconf.Elasticsearch
			if strings.Contains(base, "-kibana") {
				d = yamlconf.Kibana
			}
			pf, err := yamlconf.Parse(f, data, d, nil)
			if err != nil {
				continue
			}
			for k := range pf.Entries {
				add(k, f)
			}
		}
	}
	return names
}

// composeEnvNames lists the environment variable names of every service
// (list form NAME=value, or mapping form).
func composeEnvNames(path string, data []byte) []string {
	root, err := yamlconf.DecodeYAML(path, data)
	if err != nil || root == nil {
		return nil
	}
	doc := root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	var names []string
	services := mappingValue(doc, "services")
	if services == nil || services.Kind != yaml.MappingNode {
		return nil
	}
	for i := 1; i < len(services.Content); i += 2 {
		env := mappingValue(services.Content[i], "environment")
		if env == nil {
			continue
		}
		switch env.Kind {
		case yaml.SequenceNode:
			for _, e := range env.Content {
				name, _, _ := strings.Cut(e.Value, "=")
				names = append(names, strings.TrimSpace(name))
			}
		case yaml.MappingNode:
			for j := 0; j < len(env.Content); j += 2 {
				names = append(names, env.Content[j].Value)
			}
		}
	}
	return names
}

func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// TestSecretNamesOverCorpus classifies every setting name the corpus uses:
// the secret ones are listed in testdata/corpus-secret-names.txt (reviewed:
// a change of classification shows as a diff), the documented secure
// settings are caught, and switches and parameters are not secret.
func TestSecretNamesOverCorpus(t *testing.T) {
	names := corpusNames(t)
	if len(names) < 100 {
		t.Fatalf("only %d names read from the corpus", len(names))
	}
	var secret []string
	for n := range names {
		leaf := strings.ToLower(n[strings.LastIndex(n, ".")+1:])
		isSecret := redact.IsSecretName(n)
		switch leaf {
		case "enabled", "algorithm", "type", "path", "verification_mode", "order", "timeout", "username", "certificate", "key", "certificate_authorities", "certificateauthorities":
			if isSecret && !strings.HasPrefix(n, "s3.") {
				t.Errorf("%s (%s) is a switch or a path, classified secret", n, names[n])
			}
		}
		if isSecret {
			secret = append(secret, n)
		}
	}
	slices.Sort(secret)
	golden := filepath.Join("testdata", "corpus-secret-names.txt")
	got := strings.Join(secret, "\n") + "\n"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("secret names over the corpus changed (review, then go test -run TestSecretNamesOverCorpus -update):\ngot:\n%s\nwant:\n%s", got, want)
	}
	for _, must := range []string{"ELASTIC_PASSWORD", "elasticsearch.password", "xpack.security.encryptionKey"} {
		if _, used := names[must]; used && !redact.IsSecretName(must) {
			t.Errorf("%s not secret", must)
		}
	}
	t.Logf("%d names, %d secret", len(names), len(secret))
}

// TestSecretNames holds the documented secure settings and the secrets a
// name heuristic would miss, and the switches beside them.
func TestSecretNames(t *testing.T) {
	secret := []string{
		"bootstrap.password", "keystore.seed", "xpack.security.http.ssl.keystore.secure_password",
		"xpack.security.transport.ssl.secure_key_passphrase", "xpack.security.authc.realms.ldap.ldap1.secure_bind_password",
		"xpack.security.authc.realms.ldap.ldap1.bind_password", "xpack.security.authc.realms.oidc.oidc1.rp.client_secret",
		"xpack.security.authc.realms.jwt.jwt1.hmac_key", "xpack.security.authc.realms.jwt.jwt1.hmac_jwkset",
		"xpack.security.authc.realms.jwt.jwt1.client_authentication.shared_secret",
		"s3.client.default.access_key", "s3.client.default.secret_key", "s3.client.default.session_token",
		"azure.client.default.account", "azure.client.default.key", "azure.client.default.sas_token",
		"gcs.client.default.credentials_file", "discovery.ec2.access_key", "cluster.remote.west.credentials",
		"xpack.watcher.encryption_key", "xpack.notification.email.account.x.smtp.secure_password",
		"xpack.notification.email.account.x.smtp.password", "xpack.notification.slack.account.ops.secure_url",
		"xpack.notification.slack.account.ops.url", "xpack.notification.pagerduty.account.p.secure_service_api_key",
		"xpack.notification.jira.account.j.secure_url", "xpack.notification.jira.account.j.secure_user", "xpack.notification.webhook.additional_token_pairs",
		"xpack.monitoring.exporters.remote.auth.password",
		// Kibana
		"elasticsearch.password", "elasticsearch.serviceAccountToken", "elasticsearch.ssl.keyPassphrase",
		"elasticsearch.ssl.keystore.password", "server.ssl.truststore.password", "xpack.security.encryptionKey",
		"xpack.encryptedSavedObjects.encryptionKey", "xpack.encryptedSavedObjects.keyRotation.decryptionOnlyKeys",
		"xpack.reporting.encryptionKey", "elasticsearch.customHeaders.Authorization", "elasticsearch.customHeaders.X-Proxy-Key",
		"xpack.actions.preconfigured.slack1.secrets.webhookUrl", "xpack.actions.preconfigured.hook.config.headers.Authorization",
		"xpack.actions.preconfigured.mail.secrets.password", "monitoring.ui.elasticsearch.password",
		"xpack.security.authc.providers.anonymous.anonymous1.credentials.password",
		"xpack.security.authc.providers.anonymous.anonymous1.credentials.apiKey.key",
		"elastic.apm.secretToken",
		// compose environment
		"ELASTIC_PASSWORD", "KIBANA_PASSWORD", "ELASTICSEARCH_SERVICEACCOUNTTOKEN", "XPACK_REPORTING_ENCRYPTIONKEY",
		"SLACK_WEBHOOK_URL",
	}
	plain := []string{
		"xpack.security.enabled", "xpack.security.authc.token.enabled", "xpack.security.authc.api_key.enabled",
		"xpack.security.authc.token.timeout", "xpack.security.authc.api_key.cache.ttl", "xpack.security.authc.api_key.cache.hash_algo",
		"xpack.security.authc.password_hashing.algorithm", "xpack.security.authc.realms.jwt.jwt1.token_type",
		"xpack.security.authc.realms.jwt.jwt1.client_authentication.type", "xpack.security.authc.realms.jwt.jwt1.pkc_jwkset_path",
		"xpack.security.http.ssl.keystore.path", "xpack.security.http.ssl.keystore.type", "xpack.security.http.ssl.key",
		"xpack.security.transport.ssl.verification_mode", "elasticsearch.username", "elasticsearch.ssl.key",
		"server.cors.allowCredentials", "xpack.security.authc.providers.token.token1.showInSelector",
		"xpack.security.authc.providers.anonymous.anonymous1.credentials.username", "server.customResponseHeaders.X-Frame-Options",
		"server.securityResponseHeaders.strictTransportSecurity", "elasticsearch.requestHeadersAllowlist",
		"xpack.security.secureCookies", "XPACK_SECURITY_AUTHC_TOKEN_ENABLED", "ELASTIC_USERNAME", "ES_JAVA_OPTS",
		"xpack.security.authc.realms.ldap.ldap1.bind_dn", "http.cors.allow-headers", "http.cors.allow-credentials",
		"server.cors.allow.credentials", "xpack.security.authc.accept_default_password",
	}
	for _, n := range secret {
		if !redact.IsSecretName(n) {
			t.Errorf("%s: not secret", n)
		}
	}
	for _, n := range plain {
		if redact.IsSecretName(n) {
			t.Errorf("%s: secret", n)
		}
	}
	for _, p := range []string{"javax.net.ssl.keyStorePassword", "http.auth", "proxy.auth", "es.cloud.auth"} {
		if !redact.IsSecretJVMProperty(p) {
			t.Errorf("-D%s: not secret", p)
		}
	}
	if redact.IsSecretJVMProperty("log4j2.formatMsgNoLookups") {
		t.Error("-Dlog4j2.formatMsgNoLookups: secret")
	}
}
