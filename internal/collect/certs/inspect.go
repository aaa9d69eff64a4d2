package certs

import (
	"context"
	"crypto/x509"
	"fmt"

	"github.com/essec-dev/essec/internal/inventory"
)

// Inspect reads one certificate, key, PKCS#12 or JKS file for `essec
// inspect`. password (optional, from the command line) opens keystores and
// encrypted keys; without it the empty password is tried. The material is
// always filled, and its Error lists every problem. The error is non-nil
// only when nothing could be read (no file, or no certificate and no key);
// it wraps ErrWrongPassword or ErrUnsupported when one of them is the cause.
func Inspect(ctx context.Context, path string, password []byte) (inventory.TLSMaterial, error) {
	m, err := InspectMaterial(ctx, path, password)
	return m.Evidence, err
}

// InspectMaterial is Inspect keeping the parsed certificates.
func InspectMaterial(ctx context.Context, path string, pw []byte) (Material, error) {
	var owners ownerCache
	ev := inventory.TLSMaterial{Format: FormatUnknown, Certificates: []inventory.Certificate{}}
	data := readMaterial(ctx, resolvePath("", path), &ev, &owners)
	if data == nil {
		return Material{Evidence: ev}, fmt.Errorf("inspect %s: %s", ev.Path, ev.Error)
	}
	var p *password
	if pw != nil {
		p = &password{value: pw, source: "flag"}
	}
	c := parseContent(data, p, p)
	m := buildMaterial(ev, c, newWellKnown())
	if m.Evidence.Error == "" || len(c.certs) > 0 || len(c.keys) > 0 {
		return m, nil
	}
	err := &materialError{msg: m.Evidence.Error}
	switch {
	case c.wrongPassword:
		err.kind = ErrWrongPassword
	case c.unsupported:
		err.kind = ErrUnsupported
	}
	return m, fmt.Errorf("inspect %s: %w", m.Evidence.Path, err)
}

// materialError is a material's Error text, matching ErrWrongPassword or
// ErrUnsupported when one of them is the cause.
type materialError struct {
	msg  string
	kind error
}

func (e *materialError) Error() string { return e.msg }
func (e *materialError) Unwrap() error { return e.kind }

// LoadPEMCertificates reads the certificates of a PEM file (a CA bundle
// given with --ca-cert, say). It fails when the file holds none.
func LoadPEMCertificates(ctx context.Context, path string) ([]*x509.Certificate, error) {
	var owners ownerCache
	ev := inventory.TLSMaterial{}
	data := readMaterial(ctx, resolvePath("", path), &ev, &owners)
	if data == nil {
		return nil, fmt.Errorf("read certificates %s: %s", ev.Path, ev.Error)
	}
	if f := sniff(data); f != FormatPEM {
		return nil, fmt.Errorf("read certificates %s: not PEM", ev.Path)
	}
	c := parsePEM(data, nil)
	if len(c.certs) == 0 {
		return nil, fmt.Errorf("read certificates %s: no certificate in file", ev.Path)
	}
	return c.certs, nil
}
