package keystore

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha512"
	"fmt"
)

// decrypt derives the key from password and opens the ciphertext, with the
// salt as additional authenticated data.
func (f *esFile) decrypt(password []byte, cost kdfCost) ([]byte, error) {
	iterations, keyLen := esKDF(f.version, cost)
	key, err := deriveKey(password, f.salt, iterations, keyLen)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	return gcmOpen(key, f.iv, f.encrypted, f.salt)
}

// gcmOpen decrypts sealed (ciphertext||tag) with AES-GCM. Any tag failure is
// reported as ErrWrongPassword.
func gcmOpen(key, iv, sealed, aad []byte) ([]byte, error) {
	aead, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	if len(iv) != aead.NonceSize() {
		return nil, &FormatError{Reason: fmt.Sprintf("unsupported IV length %d", len(iv))}
	}
	plain, err := aead.Open(nil, iv, sealed, aad)
	if err != nil {
		return nil, ErrWrongPassword
	}
	return plain, nil
}

// passwordSeal derives the key from password and salt and seals plain
// with AES-GCM (ciphertext||tag), aad as additional authenticated data.
func passwordSeal(password, salt []byte, iterations, keyLen int, iv, plain, aad []byte) ([]byte, error) {
	key, err := deriveKey(password, salt, iterations, keyLen)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	aead, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	if len(iv) != aead.NonceSize() {
		return nil, fmt.Errorf("IV must be %d bytes, not %d", aead.NonceSize(), len(iv))
	}
	return aead.Seal(nil, iv, plain, aad), nil
}

// newGCM returns AES-GCM with the standard 12-byte nonce and 16-byte tag.
func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("set up AES: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("set up AES-GCM: %w", err)
	}
	return aead, nil
}

// deriveKey runs PBKDF2-HMAC-SHA512, the KDF of both keystore kinds.
func deriveKey(password, salt []byte, iterations, keyLen int) ([]byte, error) {
	key, err := pbkdf2.Key(sha512.New, string(password), salt, iterations, keyLen)
	if err != nil {
		return nil, fmt.Errorf("derive keystore key: %w", err)
	}
	return key, nil
}
