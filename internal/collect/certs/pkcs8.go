package certs

import (
	"crypto/x509/pkix"
	"encoding/asn1"
)

// encryptedPrivateKeyInfo is PKCS#8's "ENCRYPTED PRIVATE KEY".
type encryptedPrivateKeyInfo struct {
	Algorithm pkix.AlgorithmIdentifier
	Data      []byte
}

// decryptPKCS8 decrypts an EncryptedPrivateKeyInfo (PBES2 with PBKDF2 and
// AES or 3DES, or PKCS#12's SHA-1/3DES scheme) and returns the PKCS#8 DER.
func decryptPKCS8(der, pw []byte) ([]byte, error) {
	var info encryptedPrivateKeyInfo
	if rest, err := asn1.Unmarshal(der, &info); err != nil || len(rest) > 0 {
		return nil, unsupportedError("malformed encrypted private key")
	}
	plain, err := pbeDecrypt(info.Algorithm, info.Data, pw)
	if err != nil {
		if msg, ok := err.(unsupportedError); ok {
			return nil, unsupportedError("encrypted key not decrypted: " + string(msg))
		}
		return nil, err
	}
	return plain, nil
}
