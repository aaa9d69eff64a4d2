package target

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/essec-dev/essec/internal/boundedfile"
	"go.yaml.in/yaml/v3"
)

// inventoryFile is the shape of essec.yaml.
type inventoryFile struct {
	Deployments []inventoryDeployment `yaml:"deployments"`
}

type inventoryDeployment struct {
	Name    string `yaml:"name"`
	Level   string `yaml:"level"`
	Version string `yaml:"version"`
	// Env fills ${VAR} references of the deployment's files (essec's own
	// environment is never read for them unless --env-from-process).
	Env map[string]string `yaml:"env"`
	// Root is an offline copy of the host's filesystem: absolute paths
	// of the configuration are read under it.
	Root string `yaml:"root"`
	// Location forces what the files are: host or repository.
	Location      string          `yaml:"file_location"`
	Elasticsearch inventoryES     `yaml:"elasticsearch"`
	Kibana        inventoryKibana `yaml:"kibana"`
}

type inventoryES struct {
	Paths         []string       `yaml:"paths"`
	URLs          []string       `yaml:"urls"`
	Auth          inventoryAuth  `yaml:"auth"`
	CACert        string         `yaml:"ca_cert"`
	CAFingerprint string         `yaml:"ca_fingerprint"`
	Insecure      bool           `yaml:"insecure"`
	Extra         map[string]any `yaml:",inline"`
}

type inventoryKibana struct {
	Paths []string       `yaml:"paths"`
	URLs  []string       `yaml:"urls"`
	Extra map[string]any `yaml:",inline"`
}

type inventoryAuth struct {
	Username         string         `yaml:"username"`
	PasswordEnv      string         `yaml:"password_env"`
	PasswordFile     string         `yaml:"password_file"`
	APIKeyEnv        string         `yaml:"api_key_env"`
	APIKeyFile       string         `yaml:"api_key_file"`
	ServiceTokenEnv  string         `yaml:"service_token_env"`
	ServiceTokenFile string         `yaml:"service_token_file"`
	Extra            map[string]any `yaml:",inline"`
}

// IsInventory reports whether data looks like an essec inventory file.
func IsInventory(data []byte) bool {
	var probe map[string]any
	if err := yaml.Unmarshal(data, &probe); err != nil {
		return false
	}
	_, ok := probe["deployments"]
	return ok
}

// LoadInventory reads an essec.yaml. Relative paths resolve against the
// file's directory. Inline secrets are refused: credentials are named by
// environment variable or file.
func LoadInventory(path string) ([]Deployment, error) {
	data, err := boundedfile.Read(path, boundedfile.Inventory)
	if err != nil {
		return nil, fmt.Errorf("read inventory: %w", err)
	}
	return ParseInventory(path, data)
}

// ParseInventory reads the content of the essec.yaml at path (which names
// it in messages and is the base of its relative paths).
func ParseInventory(path string, data []byte) ([]Deployment, error) {
	var inv inventoryFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&inv); err != nil {
		return nil, fmt.Errorf("inventory %s: %w", path, withoutValues(err))
	}
	if len(inv.Deployments) == 0 {
		return nil, fmt.Errorf("inventory %s names no deployment (expected a deployments: list)", path)
	}
	base := filepath.Dir(path)
	var out []Deployment
	seen := map[string]bool{}
	for i, d := range inv.Deployments {
		where := fmt.Sprintf("inventory %s, deployment %d", path, i+1)
		if d.Name == "" {
			return nil, fmt.Errorf("%s: name is required", where)
		}
		if seen[d.Name] {
			return nil, fmt.Errorf("%s: deployment name %q is used twice", where, d.Name)
		}
		seen[d.Name] = true
		if err := refuseInline(where, d); err != nil {
			return nil, err
		}
		if d.Location != "" && d.Location != "host" && d.Location != "repository" {
			return nil, fmt.Errorf("%s: file_location %q is not host or repository", where, d.Location)
		}
		if d.Level != "" && d.Level != "minimal" && d.Level != "basic" && d.Level != "https" {
			return nil, fmt.Errorf("%s: level %q is not minimal, basic or https", where, d.Level)
		}
		paths := append(resolve(base, d.Elasticsearch.Paths), resolve(base, d.Kibana.Paths)...)
		if len(paths) == 0 && len(d.Elasticsearch.URLs) == 0 && len(d.Kibana.URLs) == 0 {
			return nil, fmt.Errorf("%s (%s): give elasticsearch.paths, elasticsearch.urls or kibana.urls", where, d.Name)
		}
		for _, u := range d.Elasticsearch.URLs {
			if err := CheckURL(where+" ("+d.Name+"), elasticsearch.urls", u, HintInventoryES); err != nil {
				return nil, err
			}
		}
		for _, u := range d.Kibana.URLs {
			if err := CheckURL(where+" ("+d.Name+"), kibana.urls", u, HintKibanaCredentials); err != nil {
				return nil, err
			}
		}
		a := d.Elasticsearch.Auth
		out = append(out, Deployment{
			Name: d.Name, Paths: paths, URLs: d.Elasticsearch.URLs, KibanaURLs: d.Kibana.URLs,
			Version: d.Version, RequiredLevel: d.Level,
			Env: d.Env, Root: resolveOne(base, d.Root), FileLocation: d.Location, FileLocationReason: locationReason(d.Location, path),
			Credentials: Credentials{
				Username: a.Username, PasswordEnv: a.PasswordEnv, PasswordFile: resolveOne(base, a.PasswordFile),
				APIKeyEnv: a.APIKeyEnv, APIKeyFile: resolveOne(base, a.APIKeyFile),
				ServiceTokenEnv: a.ServiceTokenEnv, ServiceTokenFile: resolveOne(base, a.ServiceTokenFile),
			},
			CACert: resolveOne(base, d.Elasticsearch.CACert), CAFingerprint: d.Elasticsearch.CAFingerprint,
			Insecure: d.Elasticsearch.Insecure, Origin: path,
		})
	}
	return out, nil
}

// refuseInline rejects keys that would hold a secret in the inventory itself.
func refuseInline(where string, d inventoryDeployment) error {
	var bad []string
	for _, m := range []map[string]any{d.Elasticsearch.Extra, d.Kibana.Extra, d.Elasticsearch.Auth.Extra} {
		for k := range m {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	for _, k := range bad {
		if strings.Contains(k, "password") || strings.Contains(k, "key") || strings.Contains(k, "token") {
			return fmt.Errorf("%s: %q would hold a secret inline; name it with %s_env or %s_file instead", where, k, k, k)
		}
	}
	return errors.New(where + ": unknown keys " + strings.Join(bad, ", "))
}

// withoutValues drops the values a YAML type error quotes ("cannot
// unmarshal !!str `s3cret` into ..."): a value in the wrong place, such as
// a password given as auth, may be a secret, and the line and type are
// enough to find it.
func withoutValues(err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	msgs := make([]string, len(te.Errors))
	for i, m := range te.Errors {
		start, end := strings.Index(m, " `"), strings.LastIndex(m, "` into ")
		if start >= 0 && end > start {
			m = m[:start] + m[end+1:]
		}
		msgs[i] = m
	}
	return &yaml.TypeError{Errors: msgs}
}

func resolve(base string, ps []string) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, resolveOne(base, p))
	}
	return out
}

func resolveOne(base, p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(base, p)
}

func locationReason(loc, path string) string {
	if loc == "" {
		return ""
	}
	return fmt.Sprintf("file_location: %s in %s", loc, path)
}
