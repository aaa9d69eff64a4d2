package certs

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/json"
	"encoding/pem"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/certtest"
	"github.com/essec-dev/essec/internal/collect/collecttest"
)

// pbes2Encrypt encrypts plain with PBES2 (PBKDF2-HMAC-SHA256, 2048 rounds)
// and AES-256-CBC, or 3DES-CBC for oidDESEDE3CBC, as OpenSSL and Java do.
func pbes2Encrypt(t testing.TB, plain []byte, pw string, schemeOID asn1.ObjectIdentifier) (pkix.AlgorithmIdentifier, []byte) {
	t.Helper()
	salt, iv := make([]byte, 16), make([]byte, 16)
	rand.Read(salt)
	keyLen, newCipher := 32, aes.NewCipher
	if schemeOID.Equal(oidDESEDE3CBC) {
		keyLen, newCipher, iv = 24, des.NewTripleDESCipher, iv[:8]
	}
	rand.Read(iv)
	key, err := pbkdf2.Key(sha256.New, pw, salt, 2048, keyLen)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := newCipher(key)
	n := block.BlockSize() - len(plain)%block.BlockSize()
	padded := append(append([]byte{}, plain...), bytesOf(byte(n), n)...)
	ct := make([]byte, len(padded))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, padded)
	kdf := mustMarshal(t, pbkdf2Params{Salt: salt, Iterations: 2048, PRF: pkix.AlgorithmIdentifier{Algorithm: oidHMACSHA256, Parameters: asn1.NullRawValue}})
	params := mustMarshal(t, pbes2Params{
		KDF:    pkix.AlgorithmIdentifier{Algorithm: oidPBKDF2, Parameters: asn1.RawValue{FullBytes: kdf}},
		Scheme: pkix.AlgorithmIdentifier{Algorithm: schemeOID, Parameters: asn1.RawValue{FullBytes: mustMarshal(t, iv)}},
	})
	return pkix.AlgorithmIdentifier{Algorithm: oidPBES2, Parameters: asn1.RawValue{FullBytes: params}}, ct
}

// encryptPKCS8DER builds an EncryptedPrivateKeyInfo.
func encryptPKCS8DER(t testing.TB, der []byte, pw string, schemeOID asn1.ObjectIdentifier) []byte {
	t.Helper()
	alg, ct := pbes2Encrypt(t, der, pw, schemeOID)
	return mustMarshal(t, encryptedPrivateKeyInfo{Algorithm: alg, Data: ct})
}

// encryptPKCS8 builds an "ENCRYPTED PRIVATE KEY" PEM, as `openssl pkcs8 -topk8` does.
func encryptPKCS8(t testing.TB, der []byte, pw string, schemeOID asn1.ObjectIdentifier) []byte {
	t.Helper()
	return pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: encryptPKCS8DER(t, der, pw, schemeOID)})
}

func bytesOf(b byte, n int) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = b
	}
	return out
}

// TestEncryptedPEMKey covers legacy and PKCS#8 encrypted keys and where
// their passphrase comes from.
func TestEncryptedPEMKey(t *testing.T) {
	ca := issue(t, nil, certOpts{cn: "Test CA", isCA: true})
	leaf := issue(t, &ca, certOpts{rsaBits: 1024})
	const pass = "s3cret-passphrase"
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(leaf.key)
	pkcs1 := x509.MarshalPKCS1PrivateKey(leaf.key.(*rsa.PrivateKey))
	//lint:ignore SA1019 the fixture is a legacy encrypted key on purpose
	legacyBlock, err := x509.EncryptPEMBlock(rand.Reader, "RSA PRIVATE KEY", pkcs1, []byte(pass), x509.PEMCipherAES256)
	if err != nil {
		t.Fatal(err)
	}
	legacy := pem.EncodeToMemory(legacyBlock)
	unsupported := pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: mustMarshal(t, encryptedPrivateKeyInfo{
		Algorithm: pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 3}}, Data: []byte("x"),
	})})

	tests := []struct {
		name       string
		key        []byte
		secrets    map[string]string
		source     string
		wantErr    string
		wantMatch  bool
		wantSource string
	}{
		{name: "legacy Proc-Type encrypted, passphrase in keystore", key: legacy,
			secrets: map[string]string{"xpack.security.http.ssl.secure_key_passphrase": pass}, wantMatch: true, wantSource: "keystore"},
		{name: "PKCS#8 PBES2 AES, deprecated YAML passphrase", key: encryptPKCS8(t, pkcs8, pass, oidAES256CBC), source: "yaml",
			secrets: map[string]string{"xpack.security.http.ssl.key_passphrase": pass}, wantMatch: true, wantSource: "yaml"},
		{name: "PKCS#8 PBES2 3DES", key: encryptPKCS8(t, pkcs8, pass, oidDESEDE3CBC),
			secrets: map[string]string{"xpack.security.http.ssl.secure_key_passphrase": pass}, wantMatch: true, wantSource: "keystore"},
		{name: "wrong passphrase", key: encryptPKCS8(t, pkcs8, pass, oidAES256CBC),
			secrets: map[string]string{"xpack.security.http.ssl.secure_key_passphrase": "nope"},
			wantErr: "the key passphrase from keystore (xpack.security.http.ssl.secure_key_passphrase) does not open it"},
		{name: "wrong legacy passphrase", key: legacy,
			secrets: map[string]string{"xpack.security.http.ssl.secure_key_passphrase": "nope"}, wantErr: "does not open it"},
		{name: "no passphrase", key: legacy, wantErr: "encrypted key not decrypted: no passphrase is configured"},
		{name: "unsupported scheme", key: unsupported, secrets: map[string]string{"xpack.security.http.ssl.secure_key_passphrase": pass},
			wantErr: "encrypted key not decrypted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			collecttest.WriteFile(t, dir, "http.crt", certtest.CertPEM(leaf.cert), 0o644)
			collecttest.WriteFile(t, dir, "http.key", tt.key, 0o600)
			sec := &secrets{values: tt.secrets, source: tt.source}
			req := Request{ConfigDir: dir, Now: testNow, Secret: sec.fn, Settings: settings(
				"xpack.security.http.ssl.certificate", "http.crt", "xpack.security.http.ssl.key", "http.key")}
			mats, _, _ := ForElasticsearch(context.Background(), req)
			k := find(t, mats, "xpack.security.http.ssl.key")
			if !k.HasPrivateKey {
				t.Errorf("has_private_key = false for an encrypted key")
			}
			if tt.wantErr == "" && k.Error != "" || !strings.Contains(k.Error, tt.wantErr) {
				t.Errorf("error = %q, want %q", k.Error, tt.wantErr)
			}
			if got := k.KeyMatchesCertificate != nil && *k.KeyMatchesCertificate; got != tt.wantMatch {
				t.Errorf("key_matches_certificate = %v, want %v", got, tt.wantMatch)
			}
			if k.PasswordSource != tt.wantSource {
				t.Errorf("password_source = %q, want %q", k.PasswordSource, tt.wantSource)
			}
			doc, _ := json.Marshal(mats)
			if strings.Contains(string(doc), pass) || strings.Contains(string(doc), "nope") {
				t.Errorf("a passphrase leaked into the evidence: %s", doc)
			}
		})
	}
}

func mustMarshal(t testing.TB, v any) []byte {
	t.Helper()
	b, err := asn1.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
