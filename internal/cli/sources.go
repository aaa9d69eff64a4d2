package cli

import (
	"fmt"

	"github.com/spf13/pflag"
)

// sourceFlags are what collection needs besides the connection.
type sourceFlags struct {
	Paths                []string
	ESVersion            string
	KeystorePasswordFile string
	CertWarnDays         int
	FIPSRequired         bool
	Name                 string
}

func (s *sourceFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&s.ESVersion, "es-version", "", "Elasticsearch version when it cannot be detected (e.g. 8.15.1)")
	fs.StringVar(&s.KeystorePasswordFile, "keystore-password-file", "", "file holding the password of protected keystores (or set ESSEC_KEYSTORE_PASSWORD)")
	fs.IntVar(&s.CertWarnDays, "cert-warn-days", 30, "warn about certificates that expire within this many days")
	fs.BoolVar(&s.FIPSRequired, "fips", false, "require FIPS 140 mode (HARD-10)")
	fs.StringVar(&s.Name, "name", "", "deployment name (default: cluster.name)")
}

func (s *sourceFlags) validate() error {
	if s.ESVersion != "" && !versionPattern.MatchString(s.ESVersion) {
		return usageError(fmt.Errorf("--es-version %q is not a version like 8.15.1", s.ESVersion))
	}
	if s.CertWarnDays < 0 {
		return usageError(fmt.Errorf("--cert-warn-days must not be negative"))
	}
	return nil
}
