package cli_test

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	pkcs12 "software.sslmate.com/src/go-pkcs12"

	"github.com/essec-dev/essec/internal/certtest"
	"github.com/essec-dev/essec/internal/cli"
	"github.com/essec-dev/essec/internal/fakees"
	"github.com/essec-dev/essec/internal/format/keystore"
	"github.com/essec-dev/essec/internal/redact"
)

// The acceptance criterion these tests hold essec to: no password, key,
// token or keystore value ever appears in output, logs, reports or error
// messages. A fixture plants distinctive canaries in every place a secret
// can live; every command runs over it in every format and log format, and
// no canary (nor its base64, nor a line of a private key's PEM body) may
// appear on stdout, stderr or in any file essec writes.

// secretFixture is a deployment on disk full of canaries.
type secretFixture struct {
	root string
	// forbidden maps each string that must never appear to what it is.
	forbidden map[string]string
	// env holds the ${VAR} values (canaries) every run gets.
	env map[string]string

	es01, es02, kibana, compose, wrongP12 string
	brokenES, brokenKibana, brokenCompose string
	ksPassFile, ksWrongFile, p12PassFile  string
	p12WrongFile, httpP12, transportP12   string
	encKey, plainKey, kibanaKeystore      string
	esKeystore, esProtectedKeystore       string
	ksPassword, ksWrongPassword           string
}

// canary registers a secret value and the encodings that would betray it.
func (f *secretFixture) canary(where, value string) string {
	f.forbidden[value] = where
	// JSON and HTML reports escape quotes, <, > and &: the escaped text
	// betrays the value as well.
	for _, escapeHTML := range []bool{true, false} {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(escapeHTML)
		_ = enc.Encode(value)
		if q := strings.TrimSuffix(b.String(), "\n"); q[1:len(q)-1] != value {
			f.forbidden[q[1:len(q)-1]] = where + " (JSON-escaped)"
		}
	}
	if h := html.EscapeString(value); h != value {
		f.forbidden[h] = where + " (HTML-escaped)"
	}
	f.forbidden[base64.StdEncoding.EncodeToString([]byte(value))] = where + " (base64)"
	f.forbidden[base64.RawURLEncoding.EncodeToString([]byte(value))] = where + " (base64url)"
	return value
}

// privateKey registers every line of a key's PEM body as forbidden.
func (f *secretFixture) privateKey(where string, pemData []byte) {
	for rest := pemData; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		body := base64.StdEncoding.EncodeToString(b.Bytes)
		for i := 0; i < len(body); i += 64 {
			line := body[i:min(i+64, len(body))]
			if len(line) >= 16 {
				f.forbidden[line] = where + " (PEM body line)"
			}
		}
	}
}

func (f *secretFixture) write(t *testing.T, rel string, data []byte) string {
	t.Helper()
	p := filepath.Join(f.root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// secretPKI issues the fixture's certificates.
type secretPKI struct {
	cert *x509.Certificate
	key  crypto.Signer
}

func newSecretPKI(t *testing.T) *secretPKI {
	t.Helper()
	key := secretECKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "canary CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(3 * 365 * 24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	return &secretPKI{cert: certtest.Sign(t, tmpl, key, nil, nil), key: key}
}

func secretECKey(t *testing.T) crypto.Signer {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// leaf issues a server and client certificate for name (and loopback).
func (ca *secretPKI) leaf(t *testing.T, name string, key crypto.Signer) *x509.Certificate {
	t.Helper()
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial, Subject: pkix.Name{CommonName: name}, DNSNames: []string{name, "localhost"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(365 * 24 * time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	return certtest.Sign(t, tmpl, key, ca.cert, ca.key)
}

// p12 writes a PKCS#12 file (PBES2/AES, what current Elastic tools write)
// protected by password and forbids its key.
func (f *secretFixture) p12(t *testing.T, ca *secretPKI, rel, name, password string) string {
	t.Helper()
	key := secretECKey(t)
	data, err := pkcs12.Modern.Encode(key, ca.leaf(t, name, key), []*x509.Certificate{ca.cert}, password)
	if err != nil {
		t.Fatal(err)
	}
	f.privateKey(rel+" private key", certtest.KeyPEM(t, key))
	return f.write(t, rel, data)
}

// pemKeyPair writes name.crt and name.key; a non-empty passphrase encrypts
// the key the legacy OpenSSL way (Proc-Type: 4,ENCRYPTED), as
// elasticsearch-certutil --pem --pass does.
func (f *secretFixture) pemKeyPair(t *testing.T, ca *secretPKI, dir, name, passphrase string) (crtPath, keyPath string) {
	t.Helper()
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	crtPath = f.write(t, filepath.Join(dir, name+".crt"), certtest.CertPEM(ca.leaf(t, name, rk), ca.cert))
	var block *pem.Block
	if passphrase == "" {
		der, _ := x509.MarshalPKCS8PrivateKey(rk)
		block = &pem.Block{Type: "PRIVATE KEY", Bytes: der}
	} else {
		//lint:ignore SA1019 Elastic's certutil still writes legacy encrypted PEM keys
		block, err = x509.EncryptPEMBlock(rand.Reader, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rk), []byte(passphrase), x509.PEMCipherAES256)
		if err != nil {
			t.Fatal(err)
		}
		// The clear key must not leak either.
		f.privateKey(name+".key (decrypted)", pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rk)}))
	}
	data := pem.EncodeToMemory(block)
	f.privateKey(name+".key", data)
	keyPath = f.write(t, filepath.Join(dir, name+".key"), data)
	return crtPath, keyPath
}

func newSecretFixture(t *testing.T) *secretFixture {
	t.Helper()
	f := &secretFixture{root: t.TempDir(), forbidden: map[string]string{}}
	c := f.canary
	ca := newSecretPKI(t)
	caPEM := certtest.CertPEM(ca.cert)

	// es01: deprecated plain-text passwords in elasticsearch.yml, an
	// unprotected keystore whose secure_password opens the HTTP PKCS#12,
	// an encrypted PEM key, a ${VAR} and JVM options with passwords.
	f.env = map[string]string{
		"ES_CANARY_MONITORING": c("elasticsearch.yml ${VAR}", "CANARY-env-es-monitoring-41d2"),
		"KBN_CANARY_TRUST":     c("kibana.yml ${VAR}", "CANARY-env-kbn-truststore-93ab"),
	}
	transportPass := c("elasticsearch.yml transport.ssl.keystore.password", "CANARY-yaml-tls-pass-7f3a")
	httpSecure := c("elasticsearch.keystore http.ssl.keystore.secure_password", "CANARY-ks-http-p12-5e1c")
	f.es01 = filepath.Join(f.root, "es01")
	f.write(t, "es01/certs/ca.crt", caPEM)
	f.transportP12 = f.p12(t, ca, "es01/certs/transport.p12", "es01", transportPass)
	f.httpP12 = f.p12(t, ca, "es01/certs/http.p12", "es01", httpSecure)
	remoteCrt, remoteKey := f.pemKeyPair(t, ca, "es01/certs", "remote", c("elasticsearch.yml remote_cluster_server.ssl.key_passphrase", "CANARY-yaml-keypass-0b9d"))
	f.encKey = remoteKey
	f.write(t, "es01/elasticsearch.yml", []byte(`cluster.name: canary-cluster
node.name: es01
network.host: 0.0.0.0
discovery.seed_hosts: ["es01", "es02"]
xpack.security.enabled: true
xpack.security.transport.ssl:
  enabled: true
  verification_mode: certificate
  client_authentication: required
  keystore.path: certs/transport.p12
  keystore.password: `+transportPass+`
  truststore.path: certs/transport.p12
  truststore.password: `+transportPass+`
xpack.security.http.ssl:
  enabled: true
  keystore.path: certs/http.p12
  keystore.password: `+c("elasticsearch.yml http.ssl.keystore.password", "CANARY-yaml-http-pass-2c8e")+`
xpack.security.remote_cluster_server.ssl:
  enabled: true
  key: certs/`+filepath.Base(remoteKey)+`
  certificate: certs/`+filepath.Base(remoteCrt)+`
  key_passphrase: CANARY-yaml-keypass-0b9d
xpack.security.authc.realms.ldap.ldap1:
  order: 0
  url: "ldaps://ldap.example.com:636"
  bind_dn: "cn=essec,dc=example,dc=com"
  bind_password: '`+c("elasticsearch.yml ldap bind_password", `CANARY-yaml-ldap"<bind>&6a4f`)+`'
xpack.notification.email.account.x.smtp.password: `+c("elasticsearch.yml smtp.password", "CANARY-yaml-smtp-8d2b")+`
xpack.monitoring.exporters.remote.auth.password: ${ES_CANARY_MONITORING}
xpack.monitoring.exporters.remote.host: ["https://mon:`+c("elasticsearch.yml URL password with , space @ / ? #", "CANARY-url-pw,with @/?#-4c1e")+`@mon.example.com:9200", "https://mon2.example.com:9200"]
xpack.security.authc.realms.jwt.jwt1:
  order: 2
  hmac_key: `+c("elasticsearch.yml jwt hmac_key", "CANARY-yaml-jwt-hmac-5b7c")+`
  hmac_jwkset: '{"keys":[{"kty":"oct","k":"`+c("elasticsearch.yml jwt hmac_jwkset key", "CANARY-yaml-jwkset-k-3e1d")+`"}]}'
  client_authentication.shared_secret: `+c("elasticsearch.yml jwt shared_secret", "CANARY-yaml-jwt-shared-22c4")+`
xpack.notification.slack.account.ops.url: https://hooks.slack.com/services/T0/B0/`+c("elasticsearch.yml slack url", "CANARY-yaml-slack-9f2a")+`
`))
	f.forbidden["CANARY-url-pw"] = "elasticsearch.yml URL password (cut at a special character)"
	f.write(t, "es01/jvm.options", []byte("-Xms1g\n-Xmx1g\n-Djavax.net.ssl.keyStorePassword="+
		c("jvm.options -Djavax.net.ssl.keyStorePassword", "CANARY-jvm-keystore-pass-1e7a")+
		"\n-Dhttp.auth=essec:"+c("jvm.options -Dhttp.auth", "CANARY-jvm-auth-7d3e")+
		"\n-Des.proxy.url=https://px:"+c("jvm.options URL password", "CANARY-jvm-url-pw-0b6a")+"@proxy:3128\n"))
	f.esKeystore = f.keystoreES(t, "es01/elasticsearch.keystore", nil, map[string]string{
		"keystore.seed":      c("elasticsearch.keystore keystore.seed", "CANARY-ks-seed-c3f0"),
		"bootstrap.password": c("elasticsearch.keystore bootstrap.password", "CANARY-ks-bootstrap-9a61"),
		"xpack.security.http.ssl.keystore.secure_password": httpSecure,
		"s3.client.default.access_key":                     c("elasticsearch.keystore s3 access_key", "CANARY-ks-s3-access-44b1"),
		"s3.client.default.secret_key":                     c("elasticsearch.keystore s3 secret_key", "CANARY-ks-s3-secret-d70e"),
	})

	// es02: a password-protected keystore opening the transport PKCS#12.
	f.ksPassword = c("ESSEC_KEYSTORE_PASSWORD", "CANARY-ks-protect-pass-3b5d")
	f.ksWrongPassword = c("wrong keystore password", "CANARY-ks-wrong-pass-e81f")
	f.es02 = filepath.Join(f.root, "es02")
	f.write(t, "es02/certs/ca.crt", caPEM)
	f.p12(t, ca, "es02/certs/transport.p12", "es02", c("es02 transport PKCS#12 password", "CANARY-ks2-transport-p12-7c20"))
	f.write(t, "es02/elasticsearch.yml", []byte(`cluster.name: canary-cluster
node.name: es02
network.host: 0.0.0.0
xpack.security.enabled: true
xpack.security.transport.ssl.enabled: true
xpack.security.transport.ssl.verification_mode: certificate
xpack.security.transport.ssl.keystore.path: certs/transport.p12
xpack.security.transport.ssl.truststore.path: certs/transport.p12
`))
	f.esProtectedKeystore = f.keystoreES(t, "es02/elasticsearch.keystore", []byte(f.ksPassword), map[string]string{
		"keystore.seed":      c("protected keystore keystore.seed", "CANARY-ks2-seed-0d4c"),
		"bootstrap.password": c("protected keystore bootstrap.password", "CANARY-ks2-bootstrap-f19a"),
		"xpack.security.transport.ssl.keystore.secure_password":   "CANARY-ks2-transport-p12-7c20",
		"xpack.security.transport.ssl.truststore.secure_password": "CANARY-ks2-transport-p12-7c20",
	})

	// kibana: every secret kibana.yml takes, a keystore, an encrypted server
	// key and a plain client key.
	f.kibana = filepath.Join(f.root, "kibana")
	f.write(t, "kibana/certs/ca.crt", caPEM)
	srvCrt, srvKey := f.pemKeyPair(t, ca, "kibana/certs", "kibana-server", c("kibana.yml server.ssl.keyPassphrase", "CANARY-kbn-keypass-5f02"))
	cliCrt, cliKey := f.pemKeyPair(t, ca, "kibana/certs", "kibana-client", "")
	f.plainKey = cliKey
	_ = srvKey
	// Kibana resolves relative paths against its home, the parent of its
	// config directory.
	f.write(t, "kibana/kibana.yml", []byte(`server.name: kibana
server.host: 0.0.0.0
server.ssl.enabled: true
server.ssl.certificate: kibana/certs/`+filepath.Base(srvCrt)+`
server.ssl.key: kibana/certs/`+filepath.Base(srvKey)+`
server.ssl.keyPassphrase: CANARY-kbn-keypass-5f02
elasticsearch.hosts: ["https://es01:9200"]
elasticsearch.username: kibana_system
elasticsearch.password: `+c("kibana.yml elasticsearch.password", "CANARY-kbn-es-pass-a17c")+`
elasticsearch.serviceAccountToken: `+c("kibana.yml elasticsearch.serviceAccountToken", "CANARY-kbn-sa-token-62e8")+`
elasticsearch.ssl.certificateAuthorities: [kibana/certs/ca.crt]
elasticsearch.ssl.certificate: kibana/certs/`+filepath.Base(cliCrt)+`
elasticsearch.ssl.key: kibana/certs/`+filepath.Base(cliKey)+`
elasticsearch.ssl.truststore.password: ${KBN_CANARY_TRUST}
xpack.security.encryptionKey: `+c("kibana.yml xpack.security.encryptionKey", "CANARY-kbn-yml-seckey-0123456789abcdef0123")+`
xpack.encryptedSavedObjects.encryptionKey: `+c("kibana.yml encryptedSavedObjects.encryptionKey", "CANARY-kbn-yml-esokey-0123456789abcdef0123")+`
xpack.encryptedSavedObjects.keyRotation.decryptionOnlyKeys:
  - `+c("kibana.yml decryptionOnlyKeys[0]", "CANARY-kbn-yml-oldkey1-0123456789abcdef012")+`
  - `+c("kibana.yml decryptionOnlyKeys[1]", "CANARY-kbn-yml-oldkey2-0123456789abcdef012")+`
elasticsearch.customHeaders:
  Authorization: "Bearer `+c("kibana.yml customHeaders.Authorization", "CANARY-kbn-header-6a2f")+`"
xpack.actions.preconfigured:
  slack1:
    actionTypeId: .slack
    secrets:
      webhookUrl: https://hooks.slack.com/services/T0/B0/`+c("kibana.yml connector webhookUrl", "CANARY-kbn-slack-0e4b")+`
  hook1:
    actionTypeId: .webhook
    config:
      url: https://hooks.example.com/essec
      headers:
        Authorization: "Basic `+c("kibana.yml connector header", "CANARY-kbn-hook-hdr-81d0")+`"
monitoring.ui.elasticsearch.hosts: ['https://monitor:`+strings.ReplaceAll(c("kibana.yml URL password with quotes", `CANARY-kbn-url'pw"x-5d1f`), "'", "''")+`@es01:9200']
`))
	f.kibanaKeystore = filepath.Join(f.root, "kibana", "kibana.keystore")
	var kb bytes.Buffer
	if err := keystore.WriteKibana(&kb, nil, map[string]string{
		"xpack.security.encryptionKey":    c("kibana.keystore xpack.security.encryptionKey", "CANARY-kbn-ks-seckey-0123456789abcdef01234"),
		"xpack.reporting.encryptionKey":   c("kibana.keystore xpack.reporting.encryptionKey", "CANARY-kbn-ks-repkey-0123456789abcdef01234"),
		"elasticsearch.ssl.keyPassphrase": c("kibana.keystore elasticsearch.ssl.keyPassphrase", "CANARY-kbn-ks-keypass-77d3"),
	}, nil); err != nil {
		t.Fatal(err)
	}
	f.write(t, "kibana/kibana.keystore", kb.Bytes())

	// compose: the official multi-node file's variables, inline, from .env
	// and in -E options.
	f.write(t, "compose/.env", []byte("ELASTIC_PASSWORD="+c(".env ELASTIC_PASSWORD", "CANARY-dotenv-elastic-0f6e")+
		"\nKIBANA_PASSWORD="+c(".env KIBANA_PASSWORD", "CANARY-dotenv-kibana-b2d9")+"\n"))
	f.write(t, "compose/kibana.env", []byte("ELASTICSEARCH_SERVICEACCOUNTTOKEN="+c("env_file service token", "CANARY-envfile-sa-token-4b7e")+
		"\nXPACK_REPORTING_ENCRYPTIONKEY=\"CANARY-envfile-unterminated-0c2f\n"))
	c("env_file unterminated quote", "CANARY-envfile-unterminated-0c2f")
	f.compose = f.write(t, "compose/docker-compose.yml", []byte(`services:
  setup:
    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.1
    environment:
      - ELASTIC_PASSWORD=${ELASTIC_PASSWORD}
      - KIBANA_PASSWORD=${KIBANA_PASSWORD}
    command: >
      bash -c 'curl -s -u "elastic:${ELASTIC_PASSWORD}" -H "Content-Type: application/json"
      https://es01:9200/_security/user/kibana_system/_password -d "{\"password\":\"${KIBANA_PASSWORD}\"}"'
  es01:
    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.1
    command: ["elasticsearch", "-Expack.security.transport.ssl.keystore.password=`+c("compose -E transport.ssl.keystore.password", "CANARY-compose-dashE-pass-19bc")+`"]
    environment:
      - node.name=es01
      - cluster.name=canary-compose
      - ELASTIC_PASSWORD=${ELASTIC_PASSWORD}
      - KIBANA_PASSWORD=`+c("compose KIBANA_PASSWORD", "CANARY-compose-kibana-pass-c4a0")+`
      - xpack.security.enabled=true
      - xpack.security.http.ssl.enabled=true
      - xpack.security.http.ssl.keystore.path=certs/http.p12
      - xpack.security.http.ssl.keystore.secure_password=`+c("compose http.ssl.keystore.secure_password", "CANARY-compose-secure-pass-8e3f")+`
      - "ES_JAVA_OPTS=-Xms1g -Xmx1g -Djavax.net.ssl.trustStorePassword=`+c("compose ES_JAVA_OPTS trustStorePassword", "CANARY-compose-jvm-trust-5a7d")+`"
  kibana:
    image: docker.elastic.co/kibana/kibana:8.15.1
    env_file: [kibana.env]
    environment:
      - ELASTICSEARCH_HOSTS=https://es01:9200
      - ELASTICSEARCH_USERNAME=kibana_system
      - ELASTICSEARCH_PASSWORD=`+c("compose ELASTICSEARCH_PASSWORD", "CANARY-compose-es-pass-d03b")+`
      - XPACK_SECURITY_ENCRYPTIONKEY=`+c("compose XPACK_SECURITY_ENCRYPTIONKEY", "CANARY-compose-kbn-seckey-0123456789abcdef")+`
`))

	// A node whose plain-text password does not open its PKCS#12.
	f.wrongP12 = filepath.Join(f.root, "wrongp12")
	f.write(t, "wrongp12/certs/http.p12", mustRead(t, f.httpP12))
	f.write(t, "wrongp12/elasticsearch.yml", []byte(`cluster.name: canary-wrong
xpack.security.enabled: true
xpack.security.http.ssl.enabled: true
xpack.security.http.ssl.keystore.path: certs/http.p12
xpack.security.http.ssl.keystore.password: `+c("wrong PKCS#12 password", "CANARY-yaml-wrong-p12-2f8a")+`
`))

	// Broken YAML whose broken line holds a canary.
	f.brokenES = f.write(t, "broken-es/elasticsearch.yml", []byte("cluster.name: broken\nxpack.security.http.ssl.keystore.password: "+
		c("broken elasticsearch.yml", "CANARY-broken-es-6d1e")+": [\n"))
	f.brokenKibana = f.write(t, "broken-kibana/kibana.yml", []byte("server.name: broken\nelasticsearch.password: \""+
		c("broken kibana.yml", "CANARY-broken-kbn-90c7")+"\\q\"\n"))
	f.brokenCompose = f.write(t, "broken-compose/docker-compose.yml", []byte("services:\n  es01:\n    image: elasticsearch:8.15.1\n    environment:\n      - ELASTIC_PASSWORD="+
		c("broken compose file", "CANARY-broken-compose-31fa")+"\n     - broken: [\n"))

	f.ksPassFile = f.write(t, "secrets/keystore.pass", []byte(f.ksPassword+"\n"))
	f.ksWrongFile = f.write(t, "secrets/keystore-wrong.pass", []byte(f.ksWrongPassword+"\n"))
	f.p12PassFile = f.write(t, "secrets/http-p12.pass", []byte(httpSecure+"\n"))
	f.p12WrongFile = f.write(t, "secrets/http-p12-wrong.pass", []byte(c("wrong PKCS#12 password file", "CANARY-p12-wrong-file-a4c3")+"\n"))
	return f
}

func (f *secretFixture) keystoreES(t *testing.T, rel string, password []byte, entries map[string]string) string {
	t.Helper()
	m := map[string][]byte{}
	for k, v := range entries {
		m[k] = []byte(v)
	}
	// Format version 5 (Elasticsearch 8.x): secrets are read the same way
	// from every version, and version 7's 210,000 key-derivation rounds
	// cost 0.17 s of CPU per read, which every command here pays.
	var b bytes.Buffer
	if err := keystore.WriteElasticsearch(&b, 5, password, m, nil); err != nil {
		t.Fatal(err)
	}
	return f.write(t, rel, b.Bytes())
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// leaks lists the forbidden strings found in text.
func (f *secretFixture) leaks(text string) []string {
	var found []string
	for s, where := range f.forbidden {
		if strings.Contains(text, s) {
			found = append(found, where+": "+s)
		}
	}
	slices.Sort(found)
	return found
}

// secretRun is one invocation of essec over the fixture.
type secretRun struct {
	name  string
	args  []string
	env   map[string]string
	codes []int // accepted exit codes
	// want is text stdout or stderr must hold, so a run that did nothing
	// cannot pass.
	want string
}

// check runs essec and fails on any forbidden string in stdout, stderr or
// any file under out.
func (f *secretFixture) check(t *testing.T, out string, r secretRun) {
	t.Helper()
	env := map[string]string{}
	for k, v := range f.env {
		env[k] = v
	}
	for k, v := range r.env {
		env[k] = v
	}
	before := secretSnapshot(out)
	code, stdout, stderr := run(t, env, r.args...)
	if !slices.Contains(r.codes, code) {
		t.Errorf("exit %d, want one of %v\nstderr:\n%s", code, r.codes, stderr)
	}
	if r.want != "" && !strings.Contains(stdout+stderr, r.want) {
		t.Errorf("output lacks %q\nstdout:\n%.300s\nstderr:\n%.300s", r.want, stdout, stderr)
	}
	for _, l := range f.leaks(stdout) {
		t.Errorf("stdout leaks %s", l)
	}
	for _, l := range f.leaks(stderr) {
		t.Errorf("stderr leaks %s", l)
	}
	for p, mod := range secretSnapshot(out) {
		if prev, ok := before[p]; ok && prev.Equal(mod) {
			continue
		}
		for _, l := range f.leaks(string(mustRead(t, p))) {
			t.Errorf("%s leaks %s", filepath.Base(p), l)
		}
	}
}

// secretSnapshot maps every file under dir to its modification time, so a
// run's new or rewritten files can be told apart.
func secretSnapshot(dir string) map[string]time.Time {
	m := map[string]time.Time{}
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err == nil {
			m[p] = info.ModTime()
		}
		return nil
	})
	return m
}

var (
	auditCodes = []int{0, 1, 3}
	okCode     = []int{0}
	errCode    = []int{2}
)

// TestSecretsNeverLeakFromFiles runs every offline command, format and log
// format over the fixture.
func TestSecretsNeverLeakFromFiles(t *testing.T) {
	t.Parallel()
	f := newSecretFixture(t)
	out := t.TempDir()
	o := func(name string) string { return filepath.Join(out, name) }
	ksEnv := map[string]string{"ESSEC_KEYSTORE_PASSWORD": f.ksPassword}
	all := []string{f.es01, f.es02, f.kibana, f.compose}
	audit := func(extra ...string) []string { return append(append([]string{"audit"}, all...), extra...) }

	// Few runs, each with many canaries: every format in one run, the log
	// formats and levels spread over the others.
	runs := []secretRun{
		{name: "audit/all-formats/files+table-stdout/debug-text", env: ksEnv, codes: auditCodes, args: audit(
			"--format", "table", "--format", "json="+o("r.json"), "--format", "sarif="+o("r.sarif"),
			"--format", "junit="+o("r.xml"), "--format", "ecs="+o("r.ecs.json"), "--format", "html="+o("r.html"),
			"--verbose", "--color", "always", "--log-level", "debug", "--log-format", "text")},
		{name: "audit/json-stdout/keystore-password-file/debug-json", codes: auditCodes,
			args: audit("--keystore-password-file", f.ksPassFile, "--format", "json", "--log-level", "debug", "--log-format", "json")},
		{name: "audit/json-stdout/keystore-wrong-password-file", codes: auditCodes, want: "wrong keystore password",
			args: audit("--keystore-password-file", f.ksWrongFile, "--format", "json", "--format", "sarif="+o("wrong.sarif"), "--log-level", "debug")},
		{name: "audit/html-stdout/keystore-wrong-password-env", env: map[string]string{"ESSEC_KEYSTORE_PASSWORD": f.ksWrongPassword}, codes: auditCodes,
			want: "wrong keystore password", args: audit("--format", "html", "--log-level", "debug")},
		// Exit 2 is accepted: a keystore that holds neither key nor
		// certificate may give conflicting messages.
		{name: "audit/ecs-stdout/no-keystore-password+wrong-p12", codes: []int{0, 1, 2, 3},
			args: append(audit("--format", "ecs", "--log-level", "debug"), f.wrongP12)},
		{name: "collect/stdout/wrong-p12/debug-text", env: ksEnv, codes: okCode, want: `"schema_version"`,
			args: append(append([]string{"collect"}, all...), f.wrongP12, "--log-level", "debug")},
		{name: "collect/-o/debug-json", env: ksEnv, codes: okCode,
			args: append(append([]string{"collect"}, all...), "-o", o("evidence.json"), "--log-level", "debug", "--log-format", "json")},
		// Broken files, each with a canary on its broken line.
		{name: "audit/broken-files", codes: []int{1, 2, 3},
			args: []string{"audit", f.brokenES, f.brokenKibana, f.brokenCompose, "--format", "junit", "--log-level", "debug"}},
		{name: "collect/broken-files", codes: []int{0, 2},
			args: []string{"collect", f.brokenES, f.brokenKibana, f.brokenCompose, "--log-level", "debug", "--log-format", "json"}},
	}
	for _, p := range []string{f.brokenES, f.brokenKibana, f.brokenCompose} {
		runs = append(runs, secretRun{name: "audit/" + filepath.Base(filepath.Dir(p)), codes: []int{1, 2, 3}, args: []string{"audit", p, "--format", "json", "--log-level", "debug"}})
	}
	// Inventory files that hold a secret inline, as a setting and as a
	// value of the wrong type (YAML type errors quote short values whole).
	invInline := f.write(t, "inv-inline/essec.yaml", []byte("deployments:\n  - name: inline\n    elasticsearch:\n      paths: ["+f.es01+"]\n      auth:\n        username: elastic\n        password: "+
		f.canary("inventory inline password", "CANARY-inv-inline-pass-62aa")+"\n"))
	invScalar := f.write(t, "inv-scalar/essec.yaml", []byte("deployments:\n  - name: scalar\n    elasticsearch:\n      paths: ["+f.es01+"]\n      auth: "+
		f.canary("inventory auth given as a password", "CNRY-inv7q")+"\n"))
	runs = append(runs,
		secretRun{name: "audit/inventory-inline-password", codes: errCode, want: "inline", args: []string{"audit", invInline}},
		secretRun{name: "audit/inventory-auth-scalar", codes: errCode, args: []string{"audit", invScalar, "--log-level", "debug"}},
		secretRun{name: "collect/inventory-auth-scalar", codes: errCode, args: []string{"collect", invScalar}},
	)
	// inspect every file, text and JSON, with and without passwords.
	type inspected struct {
		name, path string
		env        map[string]string
		extra      []string
		codes      []int
		want       string
	}
	files := []inspected{
		{name: "es01.yml", path: filepath.Join(f.es01, "elasticsearch.yml"), want: "secret"},
		{name: "es02.yml", path: filepath.Join(f.es02, "elasticsearch.yml")},
		{name: "kibana.yml", path: filepath.Join(f.kibana, "kibana.yml"), want: "secret"},
		{name: "es-keystore", path: f.esKeystore, want: "bootstrap.password"},
		{name: "es-keystore-protected/no-password", path: f.esProtectedKeystore, want: "password protected: true"},
		{name: "es-keystore-protected/env", path: f.esProtectedKeystore, env: ksEnv, want: "bootstrap.password"},
		{name: "es-keystore-protected/password-file", path: f.esProtectedKeystore, extra: []string{"--password-file", f.ksPassFile}, want: "bootstrap.password"},
		{name: "es-keystore-protected/wrong-env", path: f.esProtectedKeystore, env: map[string]string{"ESSEC_KEYSTORE_PASSWORD": f.ksWrongPassword}, codes: errCode, want: "wrong keystore password"},
		{name: "es-keystore-protected/wrong-file", path: f.esProtectedKeystore, extra: []string{"--password-file", f.ksWrongFile}, codes: errCode, want: "wrong keystore password"},
		{name: "kibana-keystore", path: f.kibanaKeystore, want: "xpack.reporting.encryptionKey"},
		{name: "http.p12/no-password", path: f.httpP12, codes: []int{0, 2}},
		{name: "http.p12/password-file", path: f.httpP12, extra: []string{"--password-file", f.p12PassFile}, want: "es01"},
		{name: "http.p12/wrong-password-file", path: f.httpP12, extra: []string{"--password-file", f.p12WrongFile}, codes: []int{0, 2}},
		{name: "transport.p12/wrong-env", path: f.transportP12, env: map[string]string{"ESSEC_KEYSTORE_PASSWORD": f.ksWrongPassword}, codes: []int{0, 2}},
		{name: "encrypted.key/no-passphrase", path: f.encKey, codes: []int{0, 2}},
		{name: "encrypted.key/wrong-passphrase", path: f.encKey, extra: []string{"--password-file", f.p12WrongFile}, codes: []int{0, 2}},
		{name: "plain.key", path: f.plainKey, codes: []int{0, 2}},
		{name: "compose", path: f.compose, want: "secret"},
		{name: "broken-es.yml", path: f.brokenES, codes: errCode},
		{name: "broken-kibana.yml", path: f.brokenKibana, codes: errCode},
		{name: "broken-compose", path: f.brokenCompose, codes: errCode},
		{name: "jvm.options", path: filepath.Join(f.es01, "jvm.options"), codes: []int{0, 2}},
		{name: ".env", path: filepath.Join(f.root, "compose", ".env"), codes: []int{0, 2}},
	}
	for _, in := range files {
		for _, format := range []string{"text", "json"} {
			codes := in.codes
			if codes == nil {
				codes = okCode
			}
			want := in.want
			if format == "json" {
				switch want {
				case "secret":
					want = `"secret": true`
				case "password protected: true":
					want = `"password_protected": true`
				}
			}
			runs = append(runs, secretRun{name: "inspect/" + in.name + "/" + format, env: in.env, codes: codes, want: want,
				args: append([]string{"inspect", in.path, "--format", format, "--log-level", "debug"}, in.extra...)})
		}
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) { f.check(t, out, r) })
	}

	// The collected document is evaluated again without the secrets at hand.
	t.Run("audit/--input", func(t *testing.T) {
		if _, err := os.Stat(o("evidence.json")); err != nil {
			t.Skip("collect -o did not write the document")
		}
		f.check(t, out, secretRun{codes: auditCodes, args: []string{"audit", "--input", o("evidence.json"), "--format", "table", "--verbose", "--log-level", "debug",
			"--format", "json=" + o("in.json"), "--format", "sarif=" + o("in.sarif"), "--format", "junit=" + o("in.xml"),
			"--format", "ecs=" + o("in.ecs.json"), "--format", "html=" + o("in.html")}})
	})
}

// TestSecretFixtureIsRead guards the leak tests against passing vacuously:
// the evidence shows that essec found every secret (as set, with its
// length), opened the protected keystore, and opened each PKCS#12 file and
// encrypted key with the password the fixture put where Elasticsearch and
// Kibana read it.
func TestSecretFixtureIsRead(t *testing.T) {
	f := newSecretFixture(t)
	env := map[string]string{"ESSEC_KEYSTORE_PASSWORD": f.ksPassword}
	for k, v := range f.env {
		env[k] = v
	}
	code, stdout, stderr := run(t, env, "collect", f.es01, f.es02, f.kibana, f.compose)
	if code != 0 {
		t.Fatalf("collect: exit %d\n%s", code, stderr)
	}
	type setting struct {
		Secret bool `json:"secret"`
		Length int  `json:"length"`
	}
	type material struct {
		Setting        string            `json:"setting"`
		Certificates   []json.RawMessage `json:"certificates"`
		HasPrivateKey  bool              `json:"has_private_key"`
		PasswordSource string            `json:"password_source"`
		Error          string            `json:"error"`
	}
	type component struct {
		Name     string             `json:"name"`
		Settings map[string]setting `json:"settings"`
		Keystore struct {
			Decrypted bool     `json:"decrypted"`
			Entries   []string `json:"entries"`
		} `json:"keystore"`
		TLSMaterial []material `json:"tls_material"`
		JVMOptions  []string   `json:"jvm_options"`
	}
	var doc struct {
		Elasticsearch struct {
			Nodes []component `json:"nodes"`
		} `json:"elasticsearch"`
		Kibana []component `json:"kibana"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("collect output: %v", err)
	}
	secretsSeen := 0
	opened := map[string]string{} // component/setting -> password source
	keystores := map[string]bool{}
	for _, c := range append(doc.Elasticsearch.Nodes, doc.Kibana...) {
		for _, s := range c.Settings {
			if s.Secret && s.Length > 0 {
				secretsSeen++
			}
		}
		keystores[c.Name] = c.Keystore.Decrypted && len(c.Keystore.Entries) > 0
		for _, m := range c.TLSMaterial {
			if m.Error == "" && m.HasPrivateKey {
				opened[c.Name+"/"+m.Setting] = m.PasswordSource
			}
		}
	}
	for _, name := range []string{"es01", "es02", "kibana"} {
		if !keystores[name] {
			t.Errorf("%s: keystore not decrypted", name)
		}
	}
	for key, source := range map[string]string{
		"es01/xpack.security.transport.ssl.keystore.path":   "yaml",
		"es01/xpack.security.http.ssl.keystore.path":        "keystore",
		"es01/xpack.security.remote_cluster_server.ssl.key": "yaml",
		"es02/xpack.security.transport.ssl.keystore.path":   "keystore",
		"kibana/server.ssl.key":                             "yaml",
		"kibana/elasticsearch.ssl.key":                      "",
	} {
		if got, ok := opened[key]; !ok || got != source {
			t.Errorf("%s: opened %t with password from %q, want %q (opened: %v)", key, ok, got, source, opened)
		}
	}
	// 7 in elasticsearch.yml, 7 in kibana.yml, 5 compose settings (-E,
	// environment, env_file).
	if secretsSeen < 19 {
		t.Errorf("only %d secret settings seen with a length", secretsSeen)
	}
	if !slices.Contains(doc.Elasticsearch.Nodes[0].JVMOptions, "-Djavax.net.ssl.keyStorePassword="+redact.Mask) {
		t.Errorf("es01 JVM options %q: want the keystore password option, masked", doc.Elasticsearch.Nodes[0].JVMOptions)
	}
	t.Logf("%d forbidden strings; %d secret settings; opened %v", len(f.forbidden), secretsSeen, opened)
}

// echoCredentials answers with everything a careless proxy or server could
// send back: the Authorization header, the decoded Basic password.
func echoCredentials(status int) fakees.Response {
	return fakees.Response{Status: status, Header: http.Header{}, BodyFunc: func(r *http.Request) []byte {
		user, pass, _ := r.BasicAuth()
		b, _ := json.Marshal(map[string]any{
			"error": map[string]any{"type": "security_exception",
				"reason": "unable to authenticate user [" + user + "] with password [" + pass + "] from header " + r.Header.Get("Authorization")},
			"authorization": r.Header.Get("Authorization"),
			"status":        status,
		})
		return b
	}}
}

// TestSecretsNeverLeakFromLiveRuns audits a fake cluster that echoes the
// credentials it gets, with every way of giving them.
func TestSecretsNeverLeakFromLiveRuns(t *testing.T) {
	t.Parallel()
	f := newSecretFixture(t)
	out := t.TempDir()
	c := f.canary
	const user = "auditor"
	// Quotes, <, > and & survive only escaped in JSON and HTML.
	password := c("ESSEC_PASSWORD", `CANARY-live"pass<4e2b>&`)
	wrongPassword := c("wrong ESSEC_PASSWORD", "CANARY-live-wrong-pass-8b1d")
	apiKeySecret := c("API key secret", "CANARY-apikey-secret-71c5")
	apiKey := c("ESSEC_API_KEY", base64.StdEncoding.EncodeToString([]byte("VuaCfGcBCdbkQm-e5aOx:"+apiKeySecret)))
	tokenSecret := c("service token secret", "CANARY-token-secret-0a93")
	token := c("ESSEC_SERVICE_TOKEN", base64.RawStdEncoding.EncodeToString([]byte("\x00\x01\x00\x01elastic/kibana/essec:"+tokenSecret)))
	basic := fakees.BasicAuth(user, password)
	f.forbidden[strings.TrimPrefix(basic, "Basic ")] = "Basic credentials"
	f.forbidden[strings.TrimPrefix(fakees.BasicAuth(user, wrongPassword), "Basic ")] = "wrong Basic credentials"

	ca := fakees.NewCA(t, "canary live CA")
	caFile := f.write(t, "live/ca.crt", ca.PEM())
	es := fakees.New(t, fakees.Secured8x(t, basic, fakees.APIKeyAuth(apiKey), fakees.BearerAuth(token)),
		fakees.WithTLS(ca.ServerTLS(t, fakees.LeafOptions{}, 0)))
	// Secret-looking fields of live bodies: a plain-text password and a
	// Slack URL left in the cluster settings, a token in a user's metadata.
	es.Set(fakees.RouteClusterSettings, fakees.Response{Status: http.StatusOK, Body: []byte(`{"persistent":{
		"xpack.notification.slack.account.ops.url":"https://hooks.slack.com/services/T0/B0/` + c("live cluster settings slack url", "CANARY-live-slack-6c3e") + `",
		"xpack.notification.email.account.x.smtp.password":"` + c("live cluster settings smtp password", "CANARY-live-smtp-1a7f") + `"},
		"transient":{},"defaults":{"xpack.security.enabled":"true"}}`)})
	es.Set(fakees.RouteUsers, fakees.Response{Status: http.StatusOK, Body: []byte(`{"elastic":{"username":"elastic","roles":["superuser"],"enabled":true,
		"metadata":{"api_token":"` + c("live user metadata token", "CANARY-live-meta-tok-4d9b") + `","team":"ops"}}}`)})
	es.Set(fakees.RouteRoles, echoCredentials(http.StatusOK))
	es.Set(fakees.RouteLicense, echoCredentials(http.StatusForbidden))
	es.Set(fakees.RouteAPIKeys, echoCredentials(http.StatusUnauthorized))
	es.Set("GET /_index_template/essec-findings", fakees.Response{Status: http.StatusNotFound, Body: []byte(`{}`)})
	es.Set("PUT /_index_template/essec-findings", echoCredentials(http.StatusForbidden))
	// A proxy in front of the cluster that echoes credentials on every call.
	proxy := fakees.New(t, fakees.Scenario{Product: fakees.ProductElasticsearch, Unmatched: func(*http.Request) fakees.Response {
		return echoCredentials(http.StatusUnauthorized)
	}}, fakees.WithTLS(ca.ServerTLS(t, fakees.LeafOptions{}, 0)))
	kbn := fakees.NewKibana(t, fakees.KibanaOptions{SecurityHeaders: true}, fakees.WithTLS(ca.ServerTLS(t, fakees.LeafOptions{}, 0)))

	pwFile := f.write(t, "live/es.pass", []byte(password+"\n"))
	keyFile := f.write(t, "live/api.key", []byte(apiKey+"\n"))
	tokenFile := f.write(t, "live/token", []byte(token+"\n"))
	conn := func(url string, extra ...string) []string {
		return append([]string{"--url", url, "--ca-cert", caFile, "--timeout", "5s"}, extra...)
	}
	pwEnv := map[string]string{"ESSEC_PASSWORD": password}
	live := func(cmd string, url string, extra ...string) []string {
		return append([]string{cmd}, conn(url, extra...)...)
	}
	auditArgs := func(url string, extra ...string) []string {
		return live("audit", url, append([]string{"--es-version", "8.15.1"}, extra...)...)
	}
	runs := []secretRun{
		{name: "audit/password-env/json/debug-json", env: pwEnv, codes: auditCodes, want: `"level":"DEBUG"`,
			args: auditArgs(es.URL, "--user", user, "--format", "json", "--log-level", "debug", "--log-format", "json")},
		{name: "audit/password-file/table/debug-text", codes: auditCodes, want: "level=DEBUG",
			args: auditArgs(es.URL, "--user", user, "--password-file", pwFile, "--verbose", "--log-level", "debug")},
		{name: "audit/api-key-env/sarif", env: map[string]string{"ESSEC_API_KEY": apiKey}, codes: auditCodes,
			args: auditArgs(es.URL, "--format", "sarif", "--log-level", "debug")},
		{name: "audit/api-key-file/all-formats", codes: auditCodes, args: auditArgs(es.URL, "--api-key-file", keyFile,
			"--format", "table", "--format", "json="+filepath.Join(out, "live.json"), "--format", "sarif="+filepath.Join(out, "live.sarif"),
			"--format", "junit="+filepath.Join(out, "live.xml"), "--format", "ecs="+filepath.Join(out, "live.ecs"),
			"--format", "html="+filepath.Join(out, "live.html"), "--log-level", "debug")},
		{name: "audit/service-token-env/ecs", env: map[string]string{"ESSEC_SERVICE_TOKEN": token}, codes: auditCodes,
			args: auditArgs(es.URL, "--format", "ecs", "--log-level", "debug", "--log-format", "json")},
		{name: "audit/service-token-file/html", codes: auditCodes,
			args: auditArgs(es.URL, "--service-token-file", tokenFile, "--format", "html", "--log-level", "debug")},
		{name: "audit/with-files-and-kibana/junit", env: map[string]string{"ESSEC_PASSWORD": password, "ESSEC_KEYSTORE_PASSWORD": f.ksPassword}, codes: auditCodes,
			args: append(auditArgs(es.URL, "--user", user, "--kibana-url", kbn.URL, "--format", "junit", "--log-level", "debug"), f.es01, f.es02, f.kibana)},
		{name: "audit/wrong-password", env: map[string]string{"ESSEC_PASSWORD": wrongPassword}, codes: auditCodes,
			args: auditArgs(es.URL, "--user", user, "--format", "json", "--log-level", "debug")},
		{name: "audit/echoing-proxy/basic", env: pwEnv, codes: auditCodes,
			args: auditArgs(proxy.URL, "--user", user, "--format", "json", "--log-level", "debug", "--log-format", "json")},
		{name: "audit/echoing-proxy/api-key", env: map[string]string{"ESSEC_API_KEY": apiKey}, codes: auditCodes,
			args: auditArgs(proxy.URL, "--format", "table", "--verbose", "--log-level", "debug")},
		{name: "audit/echoing-proxy/service-token", env: map[string]string{"ESSEC_SERVICE_TOKEN": token}, codes: auditCodes,
			args: auditArgs(proxy.URL, "--format", "sarif", "--log-level", "debug")},
		{name: "collect/password-env/stdout", env: pwEnv, codes: okCode, want: `"schema_version"`,
			args: live("collect", es.URL, "--user", user, "--log-level", "debug")},
		{name: "collect/api-key-file/-o", codes: okCode,
			args: live("collect", es.URL, "--api-key-file", keyFile, "-o", filepath.Join(out, "live-evidence.json"), "--log-level", "debug", "--log-format", "json")},
		{name: "collect/service-token-env", env: map[string]string{"ESSEC_SERVICE_TOKEN": token}, codes: okCode,
			args: live("collect", es.URL, "--log-level", "debug")},
		{name: "collect/echoing-proxy", env: pwEnv, codes: okCode,
			args: live("collect", proxy.URL, "--user", user, "--log-level", "debug", "--log-format", "json")},
		{name: "audit/export-es/echoing-error", env: pwEnv, codes: []int{1, 2},
			args: append(live("audit", es.URL, "--user", user, "--export-es", es.URL, "--format", "json", "--log-level", "debug"), f.es01)},
		{name: "audit/url-with-password", codes: errCode,
			args: []string{"audit", "--url", "https://" + user + ":" + c("password in --url", "CANARY-url-pass-3d6f") + "@" + es.Addr(), "--ca-cert", caFile}},
		{name: "collect/url-with-password", codes: errCode,
			args: []string{"collect", "--url", "https://" + user + ":CANARY-url-pass-3d6f@" + es.Addr(), "--ca-cert", caFile, "--log-level", "debug"}},
	}
	inv := f.write(t, "inv/essec.yaml", []byte(`deployments:
  - name: canary-inventory
    level: https
    elasticsearch:
      paths: [`+f.es01+`]
      urls: [`+es.URL+`]
      auth:
        username: `+user+`
        password_env: INV_ES_PASSWORD
      ca_cert: `+caFile+`
    kibana:
      paths: [`+f.kibana+`]
`))
	runs = append(runs,
		secretRun{name: "audit/inventory-password-env", env: map[string]string{"INV_ES_PASSWORD": password}, codes: auditCodes, want: "canary-inventory",
			args: []string{"audit", inv, "--format", "json", "--log-level", "debug", "--log-format", "json"}},
		secretRun{name: "collect/inventory-password-env", env: map[string]string{"INV_ES_PASSWORD": password}, codes: okCode, want: "canary-inventory",
			args: []string{"collect", inv, "--log-level", "debug"}},
	)
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) { f.check(t, out, r) })
	}
	// The echo routes were reached with the credentials (the test can fail).
	echoed := 0
	for _, req := range es.Requests() {
		if req.Path == "/_security/role" && req.Header.Get("Authorization") != "" {
			echoed++
		}
	}
	if echoed == 0 {
		t.Error("no authenticated request reached an echoing route")
	}
	t.Run("audit/--input", func(t *testing.T) {
		f.check(t, out, secretRun{codes: auditCodes, args: []string{"audit", "--input", filepath.Join(out, "live-evidence.json"), "--format", "json", "--verbose"}})
	})
}

// TestSecretLogAttributesAreScrubbed holds the run's logger to the rule
// whatever the type of a logged value: a secret inside an error, a list or
// a group is as much a leak as one in a string.
func TestSecretLogAttributesAreScrubbed(t *testing.T) {
	const secret = "CANARY-log-attr-5c1d"
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			d := &cli.Deps{IO: &cli.IOStreams{Out: io.Discard, ErrOut: &buf}, Secrets: &redact.Secrets{}, LogLevel: "debug", LogFormat: format}
			d.Secrets.Add(secret)
			log, err := d.Logger()
			if err != nil {
				t.Fatal(err)
			}
			log.Debug("message "+secret, "string", "s="+secret, "error", fmt.Errorf("open keystore: %s", secret),
				"list", []string{"a", secret}, "bytes", []byte(secret), slog.Group("g", "inner", secret),
				"bind_password", "named-secret-value")
			log.With("bound", errors.New(secret)).WithGroup("grp").Info("with", "k", secret)
			b64 := base64.StdEncoding.EncodeToString([]byte(secret))
			if strings.Contains(buf.String(), secret) || strings.Contains(buf.String(), b64) || strings.Contains(buf.String(), "named-secret-value") {
				t.Errorf("log leaks a secret:\n%s", buf.String())
			}
			if strings.Count(buf.String(), redact.Mask) < 8 {
				t.Errorf("log should mask every attribute:\n%s", buf.String())
			}
		})
	}
}
