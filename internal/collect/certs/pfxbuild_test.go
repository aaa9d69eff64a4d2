package certs

import (
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"testing"
)

// buildPFX writes a PKCS#12 file the way Java's PKCS12 keystore does with
// the modern algorithms: shrouded keys (PBES2) in a data content, certificates
// in a PBES2 encrypted-data content, and an HMAC-SHA256 MAC. Unlike
// go-pkcs12's encoder it can hold several keys, as Elasticsearch's
// auto-configured http.p12 does.
func buildPFX(t testing.TB, pw string, keys []crypto.Signer, certs []*x509.Certificate) []byte {
	t.Helper()
	var keyBags, certBags []pfxSafeBag
	for _, k := range keys {
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		keyBags = append(keyBags, pfxSafeBag{ID: oidShroudedKey, Value: explicit0(encryptPKCS8DER(t, der, pw, oidAES256CBC))})
	}
	for _, c := range certs {
		cb := mustMarshal(t, pfxCertBag{ID: oidX509Cert, Data: c.Raw})
		certBags = append(certBags, pfxSafeBag{ID: oidCertBag, Value: explicit0(cb)})
	}
	alg, ct := pbes2Encrypt(t, mustMarshal(t, certBags), pw, oidAES256CBC)
	var ed pfxEncryptedData
	ed.Info.ContentType, ed.Info.Algorithm, ed.Info.Content = oidData, alg, ct
	infos := []pfxContentInfo{
		{ContentType: oidEncryptedData, Content: explicit0(mustMarshal(t, ed))},
		{ContentType: oidData, Content: explicit0(mustMarshal(t, mustMarshal(t, keyBags)))},
	}
	safe := mustMarshal(t, infos)
	bmp, err := bmpPassword([]byte(pw))
	if err != nil {
		t.Fatal(err)
	}
	salt := make([]byte, 20)
	rand.Read(salt)
	sum, err := pkcs12MAC(oidSHA256, salt, bmp, 2048, safe)
	if err != nil {
		t.Fatal(err)
	}
	var mac pfxMacData
	mac.Mac.Algorithm = pkix.AlgorithmIdentifier{Algorithm: oidSHA256, Parameters: asn1.NullRawValue}
	mac.Mac.Digest, mac.Salt, mac.Iterations = sum, salt, 2048
	return mustMarshal(t, pfxPDU{Version: 3, AuthSafe: pfxContentInfo{ContentType: oidData, Content: explicit0(mustMarshal(t, safe))}, MacData: mac})
}

// explicit0 wraps DER in an explicit [0] tag.
func explicit0(der []byte) asn1.RawValue {
	return asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: der}
}
