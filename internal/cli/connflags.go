package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/essec-dev/essec/internal/boundedfile"
	"github.com/essec-dev/essec/internal/target"
)

// connFlags are the connection flags every command that talks to a cluster
// shares. Secrets are never flags (they would show in ps): they come from
// files or environment variables.
type connFlags struct {
	URLs             []string
	KibanaURLs       []string
	User             string
	PasswordFile     string
	APIKeyFile       string
	ServiceTokenFile string
	CACert           string
	CAFingerprint    string
	Insecure         bool
	Timeout          time.Duration
}

func (c *connFlags) register(fs *pflag.FlagSet) {
	fs.StringArrayVar(&c.URLs, "url", nil, "live Elasticsearch endpoint of the cluster (repeatable)")
	fs.StringArrayVar(&c.KibanaURLs, "kibana-url", nil, "live Kibana endpoint (repeatable)")
	fs.StringVar(&c.User, "user", "", "user for the live cluster; the password comes from ESSEC_PASSWORD or --password-file")
	fs.StringVar(&c.PasswordFile, "password-file", "", "file holding the password of --user")
	fs.StringVar(&c.APIKeyFile, "api-key-file", "", "file holding an encoded API key (or set ESSEC_API_KEY)")
	fs.StringVar(&c.ServiceTokenFile, "service-token-file", "", "file holding a service account token (or set ESSEC_SERVICE_TOKEN)")
	fs.StringVar(&c.CACert, "ca-cert", "", "PEM file of the CA that signs the cluster's HTTP certificate")
	fs.StringVar(&c.CAFingerprint, "ca-fingerprint", "", "hex SHA-256 fingerprint of the cluster's CA, which must sign its chain, or of its own certificate (colons optional)")
	fs.BoolVar(&c.Insecure, "insecure", false, "do not verify the cluster's TLS certificate (reported as a finding)")
	fs.DurationVar(&c.Timeout, "timeout", 10*time.Second, "timeout of each API call and probe")
}

// validate refuses URLs that cannot be used or would carry a secret
// (user:password@), before anything is read or sent.
func (c *connFlags) validate() error {
	var errs []error
	for _, u := range c.URLs {
		if err := target.CheckURL("--url", u, target.HintESCredentials); err != nil {
			errs = append(errs, err)
		}
	}
	for _, u := range c.KibanaURLs {
		if err := target.CheckURL("--kibana-url", u, target.HintKibanaCredentials); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return usageError(err)
	}
	return nil
}

// hasCredentials reports whether the flags or ESSEC_* variables name a
// credential for the live cluster.
func (c *connFlags) hasCredentials(getenv func(string) (string, bool)) bool {
	if c.User != "" || c.APIKeyFile != "" || c.ServiceTokenFile != "" {
		return true
	}
	for _, name := range []string{"ESSEC_API_KEY", "ESSEC_SERVICE_TOKEN"} {
		if v, ok := getenv(name); ok && v != "" {
			return true
		}
	}
	return false
}

// credentials turns the flags into references for the collector.
func (c *connFlags) credentials() target.Credentials {
	return target.Credentials{
		Username: c.User, PasswordEnv: "ESSEC_PASSWORD", PasswordFile: c.PasswordFile,
		APIKeyEnv: "ESSEC_API_KEY", APIKeyFile: c.APIKeyFile,
		ServiceTokenEnv: "ESSEC_SERVICE_TOKEN", ServiceTokenFile: c.ServiceTokenFile,
	}
}

// readSecret reads a secret from a file (trailing newline trimmed) or an
// environment variable; the file wins.
func readSecret(file, envName string, getenv func(string) (string, bool)) ([]byte, error) {
	if file != "" {
		b, err := boundedfile.Read(file, boundedfile.Secret)
		if err != nil {
			return nil, fmt.Errorf("read secret file %s: %w", file, err)
		}
		s := strings.TrimRight(string(b), "\r\n")
		if s == "" {
			return nil, fmt.Errorf("secret file %s is empty", file)
		}
		return []byte(s), nil
	}
	if envName != "" {
		if v, ok := getenv(envName); ok && v != "" {
			return []byte(v), nil
		}
	}
	return nil, nil
}
