package certs

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha1" // old SHA-1 signatures are still in the field
	"crypto/x509"
	"errors"
)

// signedBy checks that parent's key made child's signature. Unlike
// crypto/x509 it also accepts SHA-1 signatures, which real clusters still
// carry (HARD-07 reports them), and it does not require parent to be a CA:
// whether a chain is acceptable is judged elsewhere.
func signedBy(child, parent *x509.Certificate) error {
	err := parent.CheckSignature(child.SignatureAlgorithm, child.RawTBSCertificate, child.Signature)
	if err == nil {
		return nil
	}
	if _, insecure := err.(x509.InsecureAlgorithmError); !insecure {
		return err
	}
	sum := sha1.Sum(child.RawTBSCertificate)
	switch child.SignatureAlgorithm {
	case x509.SHA1WithRSA:
		pub, ok := parent.PublicKey.(*rsa.PublicKey)
		if !ok {
			return errors.New("issuer key is not RSA")
		}
		return rsa.VerifyPKCS1v15(pub, crypto.SHA1, sum[:], child.Signature)
	case x509.ECDSAWithSHA1:
		pub, ok := parent.PublicKey.(*ecdsa.PublicKey)
		if !ok {
			return errors.New("issuer key is not ECDSA")
		}
		if !ecdsa.VerifyASN1(pub, sum[:], child.Signature) {
			return errors.New("ecdsa signature does not verify")
		}
		return nil
	}
	return err
}

// usesSHA1 reports whether any certificate of chain is signed with SHA-1.
func usesSHA1(chain []*x509.Certificate) bool {
	for _, c := range chain {
		if c.SignatureAlgorithm == x509.SHA1WithRSA || c.SignatureAlgorithm == x509.ECDSAWithSHA1 {
			return true
		}
	}
	return false
}
