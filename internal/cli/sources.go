package cli

import (
	"fmt"
	"os"

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
	// Root maps absolute paths under an offline copy of a host (--root).
	Root string
	// Host and Repo force what the audited files are (--host, --repo).
	Host, Repo bool
	// EnvFromProcess lets ${VAR} in audited files resolve from essec's own
	// environment (--env-from-process).
	EnvFromProcess bool
}

func (s *sourceFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&s.ESVersion, "es-version", "", "Elasticsearch version when it cannot be detected (e.g. 8.15.1)")
	fs.StringVar(&s.KeystorePasswordFile, "keystore-password-file", "", "file holding the password of protected keystores (or set ESSEC_KEYSTORE_PASSWORD)")
	fs.IntVar(&s.CertWarnDays, "cert-warn-days", 30, "warn about certificates that expire within this many days")
	fs.BoolVar(&s.FIPSRequired, "fips", false, "require FIPS 140 mode (HARD-10)")
	fs.StringVar(&s.Name, "name", "", "deployment name (default: cluster.name)")
	fs.StringVar(&s.Root, "root", "", "offline copy of a host's filesystem: absolute paths in the configuration are read under this directory")
	fs.BoolVar(&s.Host, "host", false, "the files are the deployed configuration: judge file modes and owners (default unless a git work tree is found)")
	fs.BoolVar(&s.Repo, "repo", false, "the files are a repository checkout or copy: file modes and owners are not applicable")
	fs.BoolVar(&s.EnvFromProcess, "env-from-process", false, "resolve ${VAR} in audited files from essec's own environment too (default: only the deployment's compose environment, .env and the inventory's env:)")
}

func (s *sourceFlags) validate() error {
	if s.ESVersion != "" && !versionPattern.MatchString(s.ESVersion) {
		return usageError(fmt.Errorf("--es-version %q is not a version like 8.15.1", s.ESVersion))
	}
	if s.Host && s.Repo {
		return usageError(fmt.Errorf("--host and --repo contradict each other: give one"))
	}
	if s.Root != "" {
		st, err := os.Stat(s.Root)
		if err != nil || !st.IsDir() {
			return usageError(fmt.Errorf("--root %s is not a directory", s.Root))
		}
	}
	if s.CertWarnDays < 0 {
		return usageError(fmt.Errorf("--cert-warn-days must not be negative"))
	}
	return nil
}
