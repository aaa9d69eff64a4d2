package remediations

import (
	"crypto/rand"
	"fmt"
	"io"
	"math/big"
)

// passwordAlphabet is what generated passwords are made of: letters and
// digits only, safe in YAML, JSON, shells and PKCS#12 (ASCII).
const passwordAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomString draws n characters from passwordAlphabet.
func randomString(r io.Reader, n int) (string, error) {
	if r == nil {
		r = rand.Reader
	}
	out := make([]byte, n)
	max := big.NewInt(int64(len(passwordAlphabet)))
	for i := range out {
		k, err := rand.Int(r, max)
		if err != nil {
			return "", fmt.Errorf("generate a password: %w", err)
		}
		out[i] = passwordAlphabet[k.Int64()]
	}
	return string(out), nil
}
