package certs

import (
	"crypto"
	"crypto/hmac"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
)

// This file reads PKCS#12 files that go-pkcs12's high-level API refuses:
// several private keys (the HTTP keystore of Elasticsearch's security
// auto-configuration holds the HTTP CA's key too) or certificates without
// Java's trusted-certificate mark. It verifies the MAC itself and decrypts
// PBES2 and SHA-1/3DES; RC2 (older certutil output) is left to go-pkcs12.

var (
	oidData          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidEncryptedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidKeyBag        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 1}
	oidShroudedKey   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}
	oidCertBag       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}
	oidX509Cert      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}
)

type pfxPDU struct {
	Version  int
	AuthSafe pfxContentInfo
	MacData  pfxMacData `asn1:"optional"`
}

type pfxContentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"tag:0,explicit,optional"`
}

type pfxMacData struct {
	Mac struct {
		Algorithm pkix.AlgorithmIdentifier
		Digest    []byte
	}
	Salt       []byte
	Iterations int `asn1:"optional,default:1"`
}

type pfxEncryptedData struct {
	Version int
	Info    struct {
		ContentType asn1.ObjectIdentifier
		Algorithm   pkix.AlgorithmIdentifier
		Content     []byte `asn1:"tag:0,optional"`
	}
}

type pfxSafeBag struct {
	ID         asn1.ObjectIdentifier
	Value      asn1.RawValue `asn1:"tag:0,explicit"`
	Attributes asn1.RawValue `asn1:"optional"`
}

type pfxCertBag struct {
	ID   asn1.ObjectIdentifier
	Data []byte `asn1:"tag:0,explicit"`
}

// decodePFX reads every certificate and private key of a PKCS#12 file.
func decodePFX(data, pw []byte) ([]*x509.Certificate, []crypto.PublicKey, error) {
	var p pfxPDU
	if _, err := asn1.Unmarshal(data, &p); err != nil || p.Version != 3 || !p.AuthSafe.ContentType.Equal(oidData) {
		return nil, nil, unsupportedError("not a password-integrity PKCS#12 file")
	}
	var safe []byte
	if _, err := asn1.Unmarshal(p.AuthSafe.Content.Bytes, &safe); err != nil {
		return nil, nil, unsupportedError("malformed PKCS#12 authenticated safe")
	}
	if err := checkPFXMac(p.MacData, pw, safe); err != nil {
		return nil, nil, err
	}
	var infos []pfxContentInfo
	if _, err := asn1.Unmarshal(safe, &infos); err != nil {
		return nil, nil, unsupportedError("malformed PKCS#12 content")
	}
	var certs []*x509.Certificate
	var keys []crypto.PublicKey
	for _, ci := range infos {
		bags, err := pfxBags(ci, pw)
		if err != nil {
			return nil, nil, err
		}
		for _, b := range bags {
			c, k, err := pfxBag(b, pw)
			if err != nil {
				return nil, nil, err
			}
			if c != nil {
				certs = append(certs, c)
			}
			if k != nil {
				keys = append(keys, k)
			}
		}
	}
	return certs, keys, nil
}

// checkPFXMac verifies the file's MAC with pw. Files without a MAC open
// with any password; their encrypted parts then decide.
func checkPFXMac(m pfxMacData, pw, msg []byte) error {
	if len(m.Mac.Algorithm.Algorithm) == 0 {
		return nil
	}
	bmp, err := bmpPassword(pw)
	if err != nil {
		return err
	}
	sum, err := pkcs12MAC(m.Mac.Algorithm.Algorithm, m.Salt, bmp, m.Iterations, msg)
	if err != nil {
		return err
	}
	if hmac.Equal(sum, m.Mac.Digest) {
		return nil
	}
	if len(pw) == 0 { // some writers use no bytes at all for the empty password
		if sum, _ = pkcs12MAC(m.Mac.Algorithm.Algorithm, m.Salt, nil, m.Iterations, msg); hmac.Equal(sum, m.Mac.Digest) {
			return nil
		}
	}
	return ErrWrongPassword
}

// pfxBags decrypts one content info of the authenticated safe into bags.
func pfxBags(ci pfxContentInfo, pw []byte) ([]pfxSafeBag, error) {
	var plain []byte
	switch {
	case ci.ContentType.Equal(oidData):
		if _, err := asn1.Unmarshal(ci.Content.Bytes, &plain); err != nil {
			return nil, unsupportedError("malformed PKCS#12 data")
		}
	case ci.ContentType.Equal(oidEncryptedData):
		var ed pfxEncryptedData
		if _, err := asn1.Unmarshal(ci.Content.Bytes, &ed); err != nil {
			return nil, unsupportedError("malformed PKCS#12 encrypted data")
		}
		var err error
		if plain, err = pbeDecrypt(ed.Info.Algorithm, ed.Info.Content, pw); err != nil {
			return nil, err
		}
	default:
		return nil, unsupportedError("PKCS#12 content type " + ci.ContentType.String() + " is not supported")
	}
	var bags []pfxSafeBag
	if _, err := asn1.Unmarshal(plain, &bags); err != nil {
		return nil, ErrWrongPassword // decrypted to garbage: padding matched by chance
	}
	return bags, nil
}

// pfxBag reads a certificate or a private key (its public half) from a bag;
// other bag types are skipped.
func pfxBag(b pfxSafeBag, pw []byte) (*x509.Certificate, crypto.PublicKey, error) {
	switch {
	case b.ID.Equal(oidCertBag):
		var cb pfxCertBag
		if _, err := asn1.Unmarshal(b.Value.Bytes, &cb); err != nil || !cb.ID.Equal(oidX509Cert) {
			return nil, nil, nil // not an X.509 certificate (SDSI): nothing to describe
		}
		c, err := x509.ParseCertificate(cb.Data)
		if err != nil {
			return nil, nil, unsupportedError("certificate in PKCS#12 cannot be parsed: " + err.Error())
		}
		return c, nil, nil
	case b.ID.Equal(oidKeyBag), b.ID.Equal(oidShroudedKey):
		der := b.Value.Bytes
		if b.ID.Equal(oidShroudedKey) {
			var err error
			if der, err = decryptPKCS8(der, pw); err != nil {
				return nil, nil, err
			}
			defer clear(der)
		}
		key, err := x509.ParsePKCS8PrivateKey(der)
		if err != nil && b.ID.Equal(oidShroudedKey) {
			return nil, nil, ErrWrongPassword // decrypted to garbage
		}
		if err != nil {
			return nil, nil, unsupportedError("private key in PKCS#12 cannot be parsed: " + err.Error())
		}
		pub, err := publicKeyOf(key)
		return nil, pub, err
	}
	return nil, nil, nil
}
