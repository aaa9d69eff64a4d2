package certs

import (
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
)

// Errors that callers of Inspect can match with errors.Is.
var (
	// ErrWrongPassword means the password (or its absence) does not open the file.
	ErrWrongPassword = errors.New("wrong password")
	// ErrUnsupported means the file uses a format or scheme essec cannot read.
	ErrUnsupported = errors.New("unsupported")
)

// unsupportedError is an ErrUnsupported with its own wording.
type unsupportedError string

func (e unsupportedError) Error() string        { return string(e) }
func (e unsupportedError) Is(target error) bool { return target == ErrUnsupported }

// content is what a parser found in one file, before it becomes evidence.
type content struct {
	format string
	certs  []*x509.Certificate
	// keys are the public halves of the private keys that could be read.
	keys []crypto.PublicKey
	// hasKey is true when the file holds a private key, readable or not.
	hasKey bool
	// keystore is true for PKCS#12 and JKS, where entry order carries no
	// meaning and the certificate with a key is put first.
	keystore       bool
	passwordSource string
	problems       []string
	// wrongPassword is true when a password problem is the reason the file
	// could not be read.
	wrongPassword bool
	unsupported   bool
	// keyError says why the key material or store could not be opened
	// (one of the KeyError constants), "" when it could.
	keyError string
}

// Why key material (a key, a PKCS#12 or JKS store) could not be opened, as
// the input document's key_error says it. The first two stop the product
// from starting; the others mean essec could not tell.
const (
	// KeyErrorNoPassword: encrypted, and no password is configured.
	KeyErrorNoPassword = "encrypted-no-password"
	// KeyErrorWrongPassword: the configured password does not open it.
	KeyErrorWrongPassword = "wrong-password"
	// KeyErrorMismatch: the private key does not belong to the certificate.
	KeyErrorMismatch = "mismatch"
	// KeyErrorUnsupported: a scheme or format essec cannot read.
	KeyErrorUnsupported = "unsupported"
	// KeyErrorUnreadable: the key or store cannot be parsed.
	KeyErrorUnreadable = "unreadable"
)

// setKeyError keeps the first reason found.
func (c *content) setKeyError(kind string) {
	if c.keyError == "" {
		c.keyError = kind
	}
}

func (c *content) problem(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

// password is a candidate secret with where it came from. value is cleared
// by the collector once the file is read.
type password struct {
	value   []byte
	source  string // keystore, yaml, flag, none, ...
	setting string // the setting that held it, "" for flags
}

// describe words where a password came from, for error messages.
func (p password) describe() string {
	if p.source == "flag" {
		return "the given password"
	}
	if p.setting == "" {
		return p.source
	}
	return p.source + " (" + p.setting + ")"
}

// publicKeyOf returns the public half of a parsed private key.
func publicKeyOf(key any) (crypto.PublicKey, error) {
	s, ok := key.(crypto.Signer)
	if !ok {
		return nil, unsupportedError(fmt.Sprintf("private key type %T is not supported", key))
	}
	return s.Public(), nil
}

// samePublicKey reports whether a and b are the same public key.
func samePublicKey(a, b crypto.PublicKey) bool {
	eq, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && b != nil && eq.Equal(b)
}
