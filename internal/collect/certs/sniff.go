package certs

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"encoding/binary"
)

// Magic numbers of Java keystores.
const (
	jksMagic   = 0xFEEDFEED
	jceksMagic = 0xCECECECE
)

// sniffed formats beyond the reported ones, used only to word errors.
const (
	sniffJCEKS = "jceks"
	sniffDER   = "der-certificate"
	sniffEmpty = "empty"
)

// sniff tells the format of data by its content, not its name.
func sniff(data []byte) string {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return sniffEmpty
	case len(data) >= 4 && binary.BigEndian.Uint32(data) == jksMagic:
		return FormatJKS
	case len(data) >= 4 && binary.BigEndian.Uint32(data) == jceksMagic:
		return sniffJCEKS
	case bytes.Contains(data, []byte("-----BEGIN ")):
		return FormatPEM
	case isPFX(data):
		return FormatPKCS12
	}
	if _, err := x509.ParseCertificate(data); err == nil {
		return sniffDER
	}
	return FormatUnknown
}

// pfxHeader is the start of a PKCS#12 PFX: version 3 and the authenticated
// safe's content type.
type pfxHeader struct {
	Version  int
	AuthSafe struct {
		ContentType asn1.ObjectIdentifier
		Content     asn1.RawValue `asn1:"tag:0,explicit,optional"`
	}
	Rest asn1.RawValue `asn1:"optional"`
}

// isPFX reports whether data is a DER PKCS#12 PFX.
func isPFX(data []byte) bool {
	var h pfxHeader
	if _, err := asn1.Unmarshal(data, &h); err != nil {
		return false
	}
	return h.Version == 3 && len(h.AuthSafe.ContentType) > 0
}
