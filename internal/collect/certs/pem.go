package certs

import (
	"crypto"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
)

// parsePEM reads the certificates and private keys of a PEM file. pass is
// the passphrase for encrypted keys (nil when none is configured).
func parsePEM(data []byte, pass *password) content {
	c := content{format: FormatPEM}
	rest, blocks := data, 0
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		blocks++
		switch {
		case b.Type == "CERTIFICATE" || b.Type == "X509 CERTIFICATE" || b.Type == "TRUSTED CERTIFICATE":
			cert, err := parseCertBlock(b)
			if err != nil {
				c.problem("certificate block %d cannot be parsed: %v", blocks, err)
				continue
			}
			c.certs = append(c.certs, cert)
		case strings.Contains(b.Type, "CERTIFICATE REQUEST"):
			c.problem("holds a certificate signing request, not a certificate")
		case strings.HasSuffix(b.Type, "PRIVATE KEY"):
			c.hasKey = true
			pub, err := parsePEMKey(b, pass)
			if err != nil {
				c.keyProblem(err, pass)
				continue
			}
			if pass != nil && (legacyEncrypted(b) || b.Type == "ENCRYPTED PRIVATE KEY") {
				c.passwordSource = pass.source
			}
			c.keys = append(c.keys, pub)
		}
	}
	if blocks == 0 {
		c.problem("not PEM: no block could be decoded")
	}
	return c
}

// keyProblem records why a PEM key could not be read.
func (c *content) keyProblem(err error, pass *password) {
	switch {
	case errors.Is(err, errNoPassphrase):
		c.setKeyError(KeyErrorNoPassword)
		c.problem("encrypted key not decrypted: no passphrase is configured")
	case errors.Is(err, ErrWrongPassword):
		c.wrongPassword = true
		c.setKeyError(KeyErrorWrongPassword)
		c.problem("wrong password: the key passphrase from %s does not open it", pass.describe())
	case errors.Is(err, ErrUnsupported):
		c.unsupported = true
		c.setKeyError(KeyErrorUnsupported)
		c.problem("%v", err)
	default:
		c.setKeyError(KeyErrorUnreadable)
		c.problem("private key cannot be parsed: %v", err)
	}
}

var errNoPassphrase = errors.New("no passphrase")

// legacyEncrypted reports an RFC 1423 ("Proc-Type: 4,ENCRYPTED") key.
func legacyEncrypted(b *pem.Block) bool {
	//lint:ignore SA1019 legacy encrypted keys are still in the field; we only read them
	return x509.IsEncryptedPEMBlock(b)
}

// parseCertBlock parses a certificate block; OpenSSL's TRUSTED CERTIFICATE
// appends trust settings after the certificate, which are dropped.
func parseCertBlock(b *pem.Block) (*x509.Certificate, error) {
	der := b.Bytes
	if b.Type == "TRUSTED CERTIFICATE" {
		var raw asn1.RawValue
		if _, err := asn1.Unmarshal(der, &raw); err != nil {
			return nil, err
		}
		der = raw.FullBytes
	}
	return x509.ParseCertificate(der)
}

// parsePEMKey decrypts (when needed) and parses a private key block and
// returns its public half; the private key is dropped at once.
func parsePEMKey(b *pem.Block, pass *password) (crypto.PublicKey, error) {
	der := b.Bytes
	switch {
	case legacyEncrypted(b):
		if pass == nil {
			return nil, errNoPassphrase
		}
		//lint:ignore SA1019 legacy "Proc-Type: 4,ENCRYPTED" keys are still in the field; we only read them
		plain, err := x509.DecryptPEMBlock(b, pass.value)
		if err != nil {
			if errors.Is(err, x509.IncorrectPasswordError) {
				return nil, ErrWrongPassword
			}
			return nil, unsupportedError("encrypted key not decrypted: " + err.Error())
		}
		defer clear(plain)
		key, err := parseKeyDER(b.Type, plain)
		if err != nil {
			return nil, ErrWrongPassword // the padding matched by chance
		}
		return publicKeyOf(key)
	case b.Type == "ENCRYPTED PRIVATE KEY":
		if pass == nil {
			return nil, errNoPassphrase
		}
		plain, err := decryptPKCS8(der, pass.value)
		if err != nil {
			return nil, err
		}
		defer clear(plain)
		key, err := x509.ParsePKCS8PrivateKey(plain)
		if err != nil {
			return nil, ErrWrongPassword
		}
		return publicKeyOf(key)
	}
	key, err := parseKeyDER(b.Type, der)
	if err != nil {
		return nil, err
	}
	return publicKeyOf(key)
}

// parseKeyDER parses an unencrypted key by its PEM type, trying the other
// encodings when the label lies.
func parseKeyDER(typ string, der []byte) (any, error) {
	switch typ {
	case "OPENSSH PRIVATE KEY", "DSA PRIVATE KEY":
		return nil, unsupportedError(strings.ToLower(typ) + " is not read (Elasticsearch and Kibana take PKCS#1, PKCS#8 and SEC 1 keys)")
	}
	if k, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		return k, nil
	}
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return k, nil
	}
	if k, err := x509.ParseECPrivateKey(der); err == nil {
		return k, nil
	}
	return nil, fmt.Errorf("%s is neither PKCS#1, PKCS#8 nor SEC 1", strings.ToLower(typ))
}
