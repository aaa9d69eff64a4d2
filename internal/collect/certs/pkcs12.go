package certs

import (
	"crypto"
	"crypto/x509"
	"errors"

	gopkcs12 "software.sslmate.com/src/go-pkcs12"
)

// openPKCS12 opens a PKCS#12 file with the configured password, then with
// the empty one, as a Java keystore loader would be tried by hand.
func openPKCS12(data []byte, configured *password) content {
	c := content{format: FormatPKCS12, keystore: true}
	if err := checkPFXWork(data); err != nil {
		c.unsupported = true
		c.keyError = KeyErrorUnsupported
		c.problem("cannot read PKCS#12: %v", err)
		return c
	}
	cands := candidates(configured)
	for i, pw := range cands {
		certs, keys, err := decodePKCS12(data, pw.value)
		if errors.Is(err, ErrWrongPassword) {
			continue
		}
		if err != nil {
			c.unsupported = errors.Is(err, ErrUnsupported)
			c.keyError = KeyErrorUnreadable
			if c.unsupported {
				c.keyError = KeyErrorUnsupported
			}
			c.problem("cannot read PKCS#12: %v", err)
			return c
		}
		c.certs, c.keys, c.hasKey = certs, keys, len(keys) > 0
		c.passwordSource = pw.source
		if i > 0 && configured != nil {
			c.wrongPassword = true
			c.keyError = KeyErrorWrongPassword
			c.problem("wrong password: the PKCS#12 password from %s does not open it (the empty password does)", configured.describe())
		}
		return c
	}
	c.wrongPassword = true
	if configured != nil {
		c.keyError = KeyErrorWrongPassword
		c.problem("wrong password: the PKCS#12 password from %s does not open it", configured.describe())
	} else {
		c.keyError = KeyErrorNoPassword
		c.problem("no password is configured and the empty password does not open it")
	}
	return c
}

// candidates lists the passwords to try: the configured one, then empty.
func candidates(configured *password) []password {
	empty := password{source: "none"}
	if configured == nil {
		return []password{empty}
	}
	if len(configured.value) == 0 {
		return []password{*configured}
	}
	return []password{*configured, empty}
}

// decodePKCS12 reads a PKCS#12 file with go-pkcs12 (one key and its chain,
// or a Java truststore), falling back to decodePFX for the layouts
// go-pkcs12 refuses. A wrong password gives ErrWrongPassword.
func decodePKCS12(data, pw []byte) ([]*x509.Certificate, []crypto.PublicKey, error) {
	key, leaf, cas, err := gopkcs12.DecodeChain(data, string(pw))
	if err == nil {
		pub, err := publicKeyOf(key)
		if err != nil {
			return nil, nil, err
		}
		return append([]*x509.Certificate{leaf}, cas...), []crypto.PublicKey{pub}, nil
	}
	if errors.Is(err, gopkcs12.ErrIncorrectPassword) {
		return nil, nil, ErrWrongPassword
	}
	if certs, err := gopkcs12.DecodeTrustStore(data, string(pw)); err == nil {
		return certs, nil, nil
	}
	certs, keys, perr := decodePFX(data, pw)
	if perr != nil && errors.Is(perr, ErrUnsupported) && !errors.Is(err, gopkcs12.ErrDecryption) {
		// go-pkcs12's own reason is the better one when neither reader copes.
		return nil, nil, unsupportedError(err.Error() + "; " + perr.Error())
	}
	return certs, keys, perr
}
