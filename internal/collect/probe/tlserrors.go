package probe

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"strings"
)

// TLSError reports whether err comes from TLS (handshake, certificate
// verification or a pin mismatch) and, when there is one, the hint that
// tells the user what to do.
func TLSError(err error) (isTLS bool, hint string) {
	if err == nil {
		return false, ""
	}
	var (
		verr   *tls.CertificateVerificationError
		unk    x509.UnknownAuthorityError
		host   x509.HostnameError
		inv    x509.CertificateInvalidError
		roots  x509.SystemRootsError
		pin    *FingerprintMismatchError
		notCA  *PinnedNotCAError
		record tls.RecordHeaderError
		alert  tls.AlertError
	)
	switch {
	case errors.As(err, &verr), errors.As(err, &unk), errors.As(err, &host),
		errors.As(err, &inv), errors.As(err, &roots), errors.As(err, &pin), errors.As(err, &notCA):
		return true, HintTLSTrust
	case errors.As(err, &record):
		return true, HintNotTLS
	case errors.As(err, &alert):
		return true, ""
	}
	msg := err.Error()
	if strings.Contains(msg, "x509: ") {
		return true, HintTLSTrust
	}
	if strings.Contains(msg, "tls: ") {
		return true, ""
	}
	return false, ""
}

// withHint renders err followed by its TLS hint, if any.
func withHint(err error) string {
	if _, hint := TLSError(err); hint != "" {
		return err.Error() + "; hint: " + hint
	}
	return err.Error()
}
