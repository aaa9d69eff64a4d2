package certs

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des" // old keys and keystores use 3DES; essec only reads them
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha1" // the PKCS#12 KDF and PBKDF2 default PRF
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509/pkix"
	"encoding/asn1"
	"hash"
	"unicode/utf16"
)

// maxIterations bounds key-derivation work so that a crafted file cannot
// stall a run; real files use 1 024 to 100 000 (600 000 at the most
// cautious), and a million rounds cost well under a second.
const maxIterations = 1_000_000

// Object identifiers of the password-based schemes essec decrypts.
var (
	oidPBES2         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidHMACSHA1      = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 7}
	oidHMACSHA256    = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	oidHMACSHA384    = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 10}
	oidHMACSHA512    = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 11}
	oidAES128CBC     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 2}
	oidAES192CBC     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 22}
	oidAES256CBC     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
	oidDESEDE3CBC    = asn1.ObjectIdentifier{1, 2, 840, 113549, 3, 7}
	oidPBESHA13DES   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 3}
	oidPBESHA1RC240  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 6}
	oidPBESHA1RC2128 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 5}
	oidSHA1          = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA256        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA512        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
)

type pbes2Params struct {
	KDF    pkix.AlgorithmIdentifier
	Scheme pkix.AlgorithmIdentifier
}

type pbkdf2Params struct {
	Salt       []byte
	Iterations int
	KeyLength  int                      `asn1:"optional"`
	PRF        pkix.AlgorithmIdentifier `asn1:"optional"`
}

type pbeParams struct {
	Salt       []byte
	Iterations int
}

// pbeDecrypt decrypts data encrypted under alg with password (the raw
// password bytes; PKCS#12 schemes get the BMPString form themselves). A
// padding failure means the password is wrong.
func pbeDecrypt(alg pkix.AlgorithmIdentifier, data, pw []byte) ([]byte, error) {
	var block cipher.Block
	var iv []byte
	var err error
	switch {
	case alg.Algorithm.Equal(oidPBES2):
		block, iv, err = pbes2Cipher(alg, pw)
	case alg.Algorithm.Equal(oidPBESHA13DES):
		block, iv, err = pkcs12TripleDES(alg, pw)
	case alg.Algorithm.Equal(oidPBESHA1RC240), alg.Algorithm.Equal(oidPBESHA1RC2128):
		return nil, unsupportedError("RC2 encryption is not decrypted here")
	default:
		return nil, unsupportedError("encryption scheme " + alg.Algorithm.String() + " is not supported")
	}
	if err != nil {
		return nil, err
	}
	return cbcDecrypt(block, iv, data)
}

// pbes2Cipher derives the cipher of a PBES2 (PBKDF2 + AES/3DES-CBC) scheme.
func pbes2Cipher(alg pkix.AlgorithmIdentifier, pw []byte) (cipher.Block, []byte, error) {
	var p pbes2Params
	if _, err := asn1.Unmarshal(alg.Parameters.FullBytes, &p); err != nil {
		return nil, nil, unsupportedError("malformed PBES2 parameters")
	}
	if !p.KDF.Algorithm.Equal(oidPBKDF2) {
		return nil, nil, unsupportedError("PBES2 key derivation " + p.KDF.Algorithm.String() + " is not supported")
	}
	var kp pbkdf2Params
	if _, err := asn1.Unmarshal(p.KDF.Parameters.FullBytes, &kp); err != nil {
		return nil, nil, unsupportedError("malformed PBKDF2 parameters")
	}
	if kp.Iterations < 1 || kp.Iterations > maxIterations {
		return nil, nil, unsupportedError("PBKDF2 iteration count out of range")
	}
	prf, ok := prfFor(kp.PRF.Algorithm)
	if !ok {
		return nil, nil, unsupportedError("PBKDF2 PRF " + kp.PRF.Algorithm.String() + " is not supported")
	}
	var keyLen int
	var newCipher func([]byte) (cipher.Block, error)
	switch {
	case p.Scheme.Algorithm.Equal(oidAES128CBC):
		keyLen, newCipher = 16, aes.NewCipher
	case p.Scheme.Algorithm.Equal(oidAES192CBC):
		keyLen, newCipher = 24, aes.NewCipher
	case p.Scheme.Algorithm.Equal(oidAES256CBC):
		keyLen, newCipher = 32, aes.NewCipher
	case p.Scheme.Algorithm.Equal(oidDESEDE3CBC):
		keyLen, newCipher = 24, des.NewTripleDESCipher
	default:
		return nil, nil, unsupportedError("PBES2 cipher " + p.Scheme.Algorithm.String() + " is not supported")
	}
	var iv []byte
	if _, err := asn1.Unmarshal(p.Scheme.Parameters.FullBytes, &iv); err != nil {
		return nil, nil, unsupportedError("malformed PBES2 IV")
	}
	key, err := pbkdf2.Key(prf, string(pw), kp.Salt, kp.Iterations, keyLen)
	if err != nil {
		return nil, nil, unsupportedError("PBKDF2: " + err.Error())
	}
	defer clear(key)
	block, err := newCipher(key)
	if err != nil {
		return nil, nil, err
	}
	return block, iv, nil
}

// prfFor maps a PBKDF2 PRF to its hash; an absent PRF means HMAC-SHA1.
func prfFor(oid asn1.ObjectIdentifier) (func() hash.Hash, bool) {
	switch {
	case len(oid) == 0, oid.Equal(oidHMACSHA1):
		return sha1.New, true
	case oid.Equal(oidHMACSHA256):
		return sha256.New, true
	case oid.Equal(oidHMACSHA384):
		return sha512.New384, true
	case oid.Equal(oidHMACSHA512):
		return sha512.New, true
	}
	return nil, false
}

// pkcs12TripleDES derives pbeWithSHAAnd3-KeyTripleDES-CBC's key and IV.
func pkcs12TripleDES(alg pkix.AlgorithmIdentifier, pw []byte) (cipher.Block, []byte, error) {
	var p pbeParams
	if _, err := asn1.Unmarshal(alg.Parameters.FullBytes, &p); err != nil {
		return nil, nil, unsupportedError("malformed PKCS#12 PBE parameters")
	}
	if p.Iterations < 1 || p.Iterations > maxIterations {
		return nil, nil, unsupportedError("PKCS#12 PBE iteration count out of range")
	}
	bmp, err := bmpPassword(pw)
	if err != nil {
		return nil, nil, err
	}
	key := pkcs12KDF(sha1.New, 64, p.Salt, bmp, p.Iterations, 1, 24)
	defer clear(key)
	iv := pkcs12KDF(sha1.New, 64, p.Salt, bmp, p.Iterations, 2, 8)
	block, err := des.NewTripleDESCipher(key)
	return block, iv, err
}

// cbcDecrypt decrypts and removes PKCS#7 padding; bad padding is reported
// as a wrong password.
func cbcDecrypt(block cipher.Block, iv, data []byte) ([]byte, error) {
	bs := block.BlockSize()
	if len(iv) != bs || len(data) == 0 || len(data)%bs != 0 {
		return nil, unsupportedError("malformed encrypted data")
	}
	out := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, data)
	n := int(out[len(out)-1])
	if n == 0 || n > bs {
		return nil, ErrWrongPassword
	}
	for _, b := range out[len(out)-n:] {
		if int(b) != n {
			return nil, ErrWrongPassword
		}
	}
	return out[:len(out)-n], nil
}

// bmpPassword is the PKCS#12 form of a password: UTF-16BE with a 0x0000
// terminator (the empty password is just the terminator).
func bmpPassword(pw []byte) ([]byte, error) {
	runes := []rune(string(pw))
	out := make([]byte, 0, 2*len(runes)+2)
	for _, r := range runes {
		if r > 0xFFFF || utf16.IsSurrogate(r) {
			return nil, unsupportedError("password has characters outside the BMP")
		}
		out = append(out, byte(r>>8), byte(r))
	}
	return append(out, 0, 0), nil
}

// pkcs12KDF is the key derivation of RFC 7292 appendix B.2: id 1 derives
// keys, 2 IVs, 3 MAC keys; v is the hash's block size in bytes.
func pkcs12KDF(h func() hash.Hash, v int, salt, pw []byte, iterations int, id byte, size int) []byte {
	d := make([]byte, v)
	for i := range d {
		d[i] = id
	}
	in := append(repeatTo(salt, v), repeatTo(pw, v)...)
	var out []byte
	for len(out) < size {
		hh := h()
		hh.Write(d)
		hh.Write(in)
		a := hh.Sum(nil)
		for j := 1; j < iterations; j++ {
			hh.Reset()
			hh.Write(a)
			a = hh.Sum(a[:0])
		}
		out = append(out, a...)
		if len(out) >= size {
			break
		}
		b := repeatTo(a, v)[:v]
		for k := 0; k+v <= len(in); k += v {
			addOne(in[k:k+v], b)
		}
	}
	return out[:size]
}

// repeatTo repeats p to the next multiple of v bytes (empty stays empty).
func repeatTo(p []byte, v int) []byte {
	if len(p) == 0 {
		return nil
	}
	n := v * ((len(p) + v - 1) / v)
	out := make([]byte, n)
	for i := range out {
		out[i] = p[i%len(p)]
	}
	return out
}

// addOne sets x = x + b + 1 modulo 2^(8·len(x)), big-endian.
func addOne(x, b []byte) {
	carry := 1
	for i := len(x) - 1; i >= 0; i-- {
		s := int(x[i]) + int(b[i]) + carry
		x[i] = byte(s)
		carry = s >> 8
	}
}

// pkcs12MAC computes the HMAC of a PFX's authenticated safe.
func pkcs12MAC(alg asn1.ObjectIdentifier, salt, bmpPw []byte, iterations int, msg []byte) ([]byte, error) {
	var h func() hash.Hash
	v := 64
	switch {
	case alg.Equal(oidSHA1):
		h = sha1.New
	case alg.Equal(oidSHA256):
		h = sha256.New
	case alg.Equal(oidSHA512):
		h, v = sha512.New, 128
	default:
		return nil, unsupportedError("PKCS#12 MAC algorithm " + alg.String() + " is not supported")
	}
	if iterations < 1 || iterations > maxIterations {
		return nil, unsupportedError("PKCS#12 MAC iteration count out of range")
	}
	key := pkcs12KDF(h, v, salt, bmpPw, iterations, 3, h().Size())
	defer clear(key)
	m := hmac.New(h, key)
	m.Write(msg)
	return m.Sum(nil), nil
}
