package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/essec-dev/essec/internal/boundedfile"
	"github.com/essec-dev/essec/internal/collect"
	"github.com/essec-dev/essec/internal/collect/certs"
	"github.com/essec-dev/essec/internal/collect/compose"
	"github.com/essec-dev/essec/internal/collect/esconfig"
	"github.com/essec-dev/essec/internal/collect/kibanaconfig"
	"github.com/essec-dev/essec/internal/format/keystore"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/redact"
)

// InspectOptions are the inputs of essec inspect.
type InspectOptions struct {
	*Deps
	Path         string
	Format       string
	PasswordFile string
}

// NewCmdInspect builds essec inspect: what essec reads from one file.
func NewCmdInspect(d *Deps, runF func(*InspectOptions) error) *cobra.Command {
	o := &InspectOptions{Deps: d}
	cmd := &cobra.Command{
		Use:   "inspect PATH",
		Short: "Show what essec reads from one file (config, keystore, certificate, compose)",
		Long: `Show what essec reads from one file:
  elasticsearch.yml / kibana.yml   effective settings with their lines (secrets masked)
  elasticsearch.keystore           format version, password protection, entry names
  kibana.keystore                  the same
  certificate, key, PKCS#12, JKS   every certificate: subject, issuer, SANs, validity, key
  docker-compose file              the Elastic services and the settings their environment sets
A protected keystore or PKCS#12 file opens with --password-file or
ESSEC_KEYSTORE_PASSWORD.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Path = args[0]
			if o.Format != "text" && o.Format != "json" {
				return usageError(fmt.Errorf("unknown --format %q: use text or json", o.Format))
			}
			if runF != nil {
				return runF(o)
			}
			return inspectRun(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.Format, "format", "text", "text or json")
	cmd.Flags().StringVar(&o.PasswordFile, "password-file", "", "password of a protected keystore or PKCS#12 file")
	return cmd
}

func inspectRun(ctx context.Context, o *InspectOptions) error {
	st, err := os.Stat(o.Path)
	if err != nil {
		return usageError(fmt.Errorf("inspect %s: %w", o.Path, err))
	}
	if st.IsDir() {
		return usageError(fmt.Errorf("%s is a directory: inspect reads one file", o.Path), "to audit a config directory run: essec audit "+o.Path)
	}
	password, err := readSecret(o.PasswordFile, "ESSEC_KEYSTORE_PASSWORD", o.IO.Getenv)
	if err != nil {
		return usageError(err)
	}
	if password != nil {
		o.Secrets.Add(string(password))
	}
	v, err := inspectFile(ctx, o, password)
	if err != nil {
		if errors.Is(err, certs.ErrWrongPassword) || errors.Is(err, keystore.ErrPasswordRequired) || errors.Is(err, keystore.ErrWrongPassword) {
			return usageError(err, "give the password with --password-file FILE or ESSEC_KEYSTORE_PASSWORD (for auto-configured certs/*.p12, essec audit reads it from elasticsearch.keystore)")
		}
		return usageError(err)
	}
	if o.Format == "json" {
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	printInspect(o.IO.Out, v)
	return nil
}

// inspection is what inspect prints, by kind of file.
type inspection struct {
	Path     string                       `json:"path"`
	Kind     string                       `json:"kind"`
	Settings map[string]inventory.Setting `json:"settings,omitempty"`
	Problems []inventory.CollectionError  `json:"problems,omitempty"`
	Keystore *inventory.Keystore          `json:"keystore,omitempty"`
	Material *inventory.TLSMaterial       `json:"tls_material,omitempty"`
	Services []inspectedService           `json:"services,omitempty"`
}

type inspectedService struct {
	Name     string                       `json:"name"`
	Kind     string                       `json:"kind"`
	Image    string                       `json:"image,omitempty"`
	Settings map[string]inventory.Setting `json:"settings"`
}

func inspectFile(ctx context.Context, o *InspectOptions, password []byte) (*inspection, error) {
	data, err := boundedfile.Read(o.Path, boundedfile.Inspected)
	if err != nil {
		return nil, fmt.Errorf("inspect %w", err)
	}
	name := strings.ToLower(filepath.Base(o.Path))
	red := redact.New()
	in := &inspection{Path: o.Path}
	switch {
	case strings.HasSuffix(name, ".keystore"):
		kind := "elasticsearch"
		if strings.HasPrefix(strings.TrimSpace(string(data)), "1:") {
			kind = "kibana"
		}
		in.Kind = kind + "-keystore"
		ks, err := inspectKeystore(kind, data, password)
		if err != nil {
			return nil, fmt.Errorf("inspect %s: %w", o.Path, err)
		}
		in.Keystore = ks
	case compose.IsCompose(data):
		f, err := compose.Load(ctx, o.Path, o.IO.Getenv)
		if err != nil {
			return nil, err
		}
		in.Kind, in.Problems = "compose", f.Problems
		for _, s := range f.Services {
			if s.Kind == "" {
				continue
			}
			in.Services = append(in.Services, inspectedService{Name: s.Name, Kind: s.Kind, Image: s.Image, Settings: collect.RedactSettings(s.Settings, "compose", red, o.Secrets)})
		}
	case strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml"):
		if strings.HasPrefix(name, "kibana") {
			k, err := kibanaconfig.Load(ctx, o.Path, o.IO.Getenv)
			if err != nil {
				return nil, err
			}
			in.Kind, in.Problems, in.Settings = "kibana.yml", k.Problems, collect.RedactSettings(k.Settings, "file", red, o.Secrets)
		} else {
			n, err := esconfig.Load(ctx, o.Path, o.IO.Getenv)
			if err != nil {
				return nil, err
			}
			in.Kind, in.Problems, in.Settings = "elasticsearch.yml", n.Problems, collect.RedactSettings(n.Settings, "file", red, o.Secrets)
		}
	default:
		m, err := certs.Inspect(ctx, o.Path, password)
		if err != nil {
			return nil, err
		}
		in.Kind, in.Material = "tls-material", &m
	}
	return in, nil
}

// inspectKeystore describes a keystore. A wrong password or a damaged file
// is an error, as for every other kind of file; a protected keystore opened
// without a password still shows its version and protection.
func inspectKeystore(kind string, data, password []byte) (*inventory.Keystore, error) {
	var info keystore.Info
	var err error
	if kind == "kibana" {
		info, _, err = keystore.ParseKibana(data, password)
	} else {
		info, _, err = keystore.ParseElasticsearch(data, password)
	}
	ks := &inventory.Keystore{Present: true, Readable: true, FormatVersion: info.FormatVersion,
		PasswordProtected: info.PasswordProtected, Decrypted: info.Decrypted, Entries: append([]string{}, info.Entries...)}
	switch {
	case errors.Is(err, keystore.ErrPasswordRequired):
		// The header says what a user needs to know: it is protected.
		ks.Error = err.Error() + " (give it with --password-file or ESSEC_KEYSTORE_PASSWORD)"
	case err != nil:
		return nil, err
	}
	return ks, nil
}

func printInspect(w io.Writer, in *inspection) {
	fmt.Fprintf(w, "%s (%s)\n", in.Path, in.Kind)
	for _, p := range in.Problems {
		fmt.Fprintf(w, "  problem: %s (line %d)\n", p.Message, p.Line)
	}
	if in.Settings != nil {
		printSettings(w, "  ", in.Settings)
	}
	for _, s := range in.Services {
		fmt.Fprintf(w, "  service %s (%s, image %s)\n", s.Name, s.Kind, s.Image)
		printSettings(w, "    ", s.Settings)
	}
	if ks := in.Keystore; ks != nil {
		fmt.Fprintf(w, "  format version:     %d\n  password protected: %t\n", ks.FormatVersion, ks.PasswordProtected)
		if ks.Error != "" {
			fmt.Fprintf(w, "  error:              %s\n", ks.Error)
		}
		if ks.Decrypted {
			fmt.Fprintf(w, "  entries (%d):\n", len(ks.Entries))
			for _, e := range ks.Entries {
				fmt.Fprintf(w, "    %s\n", e)
			}
		}
	}
	if m := in.Material; m != nil {
		printMaterial(w, m)
	}
}

func printSettings(w io.Writer, indent string, settings map[string]inventory.Setting) {
	if len(settings) == 0 {
		fmt.Fprintf(w, "%s(no settings)\n", indent)
	}
	for _, k := range sortedSettingNames(settings) {
		s := settings[k]
		v := fmt.Sprintf("%q", s.Value)
		if s.Secret {
			v = fmt.Sprintf("%s (secret, %d characters)", redact.Mask, s.Length)
		}
		fmt.Fprintf(w, "%s%-4d %s: %s\n", indent, s.Line, k, v)
	}
}

func printMaterial(w io.Writer, m *inventory.TLSMaterial) {
	fmt.Fprintf(w, "  format: %s  mode: %s  owner: %s:%s  private key: %t\n", m.Format, m.Mode, m.Owner, m.Group, m.HasPrivateKey)
	if m.KeyMatchesCertificate != nil {
		fmt.Fprintf(w, "  key matches first certificate: %t\n", *m.KeyMatchesCertificate)
	}
	if m.Error != "" {
		fmt.Fprintf(w, "  error: %s\n", m.Error)
	}
	for i, c := range m.Certificates {
		fmt.Fprintf(w, "  certificate %d\n", i+1)
		fmt.Fprintf(w, "    subject:   %s\n    issuer:    %s\n", c.Subject, c.Issuer)
		fmt.Fprintf(w, "    validity:  %s .. %s\n", c.NotBefore, c.NotAfter)
		fmt.Fprintf(w, "    CA: %t  self-signed: %t  key: %s %d  signature: %s\n", c.IsCA, c.SelfSigned, c.KeyAlgorithm, c.KeyBits, c.SignatureAlgorithm)
		if len(c.DNSNames)+len(c.IPAddresses) > 0 {
			fmt.Fprintf(w, "    SANs:      %s\n", strings.Join(append(append([]string{}, c.DNSNames...), c.IPAddresses...), ", "))
		}
		if len(c.ExtKeyUsage) > 0 {
			fmt.Fprintf(w, "    EKU:       %s\n", strings.Join(c.ExtKeyUsage, ", "))
		}
		fmt.Fprintf(w, "    sha256:    %s\n", c.SHA256)
	}
}
