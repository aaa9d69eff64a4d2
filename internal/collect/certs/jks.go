package certs

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	keystore "github.com/pavlo-v-chernykh/keystore-go/v4"
)

// openJKS opens a Java KeyStore (JKS) with github.com/pavlo-v-chernykh/keystore-go
// after checking that every length in it stays inside the file (the library
// allocates whatever a length field says). The store password is tried as
// configured, then empty; key entries are opened with keyPw, else the
// store password, as Java does.
func openJKS(data []byte, configured, keyPw *password) content {
	c := content{format: FormatJKS, keystore: true}
	if err := checkJKSBounds(data); err != nil {
		c.keyError = KeyErrorUnreadable
		c.problem("malformed JKS: %v", err)
		return c
	}
	for i, pw := range candidates(configured) {
		ks := keystore.New(keystore.WithOrderedAliases(), keystore.WithCaseExactAliases())
		if err := ks.Load(bytes.NewReader(data), pw.value); err != nil {
			if strings.Contains(err.Error(), "invalid digest") {
				continue
			}
			c.keyError = KeyErrorUnreadable
			c.problem("cannot read JKS: %v", err)
			return c
		}
		c.passwordSource = pw.source
		if i > 0 && configured != nil {
			c.wrongPassword = true
			c.keyError = KeyErrorWrongPassword
			c.problem("wrong password: the JKS password from %s does not open it (the empty password does)", configured.describe())
		}
		readJKSEntries(ks, &c, pw, keyPw)
		return c
	}
	c.wrongPassword = true
	if configured != nil {
		c.keyError = KeyErrorWrongPassword
		c.problem("wrong password: the JKS password from %s does not open it", configured.describe())
	} else {
		c.keyError = KeyErrorNoPassword
		c.problem("no password is configured and the empty password does not open it")
	}
	return c
}

// readJKSEntries collects the certificates and key halves of a loaded store.
func readJKSEntries(ks keystore.KeyStore, c *content, storePw password, keyPw *password) {
	for _, alias := range ks.Aliases() {
		if ks.IsTrustedCertificateEntry(alias) {
			e, err := ks.GetTrustedCertificateEntry(alias)
			if err == nil {
				c.addJKSCerts(alias, e.Certificate)
			}
			continue
		}
		chain, err := ks.GetPrivateKeyEntryCertificateChain(alias)
		if err != nil {
			continue
		}
		c.hasKey = true
		c.addJKSCerts(alias, chain...)
		pub, err := jksKey(ks, alias, storePw, keyPw)
		if err != nil {
			c.problem("key entry %q: %v", alias, err)
			continue
		}
		c.keys = append(c.keys, pub)
	}
}

func (c *content) addJKSCerts(alias string, certs ...keystore.Certificate) {
	for _, kc := range certs {
		cert, err := x509.ParseCertificate(kc.Content)
		if err != nil {
			c.problem("entry %q: certificate cannot be parsed: %v", alias, err)
			continue
		}
		c.certs = append(c.certs, cert)
	}
}

// jksKey decrypts one key entry and returns its public half.
func jksKey(ks keystore.KeyStore, alias string, storePw password, keyPw *password) (crypto.PublicKey, error) {
	pw := storePw
	if keyPw != nil {
		pw = *keyPw
	}
	e, err := ks.GetPrivateKeyEntry(alias, pw.value)
	if err != nil {
		if strings.Contains(err.Error(), "invalid digest") {
			return nil, fmt.Errorf("the key password from %s does not open it: %w", pw.describe(), ErrWrongPassword)
		}
		return nil, unsupportedError("key not read: " + err.Error())
	}
	defer clear(e.PrivateKey)
	key, err := x509.ParsePKCS8PrivateKey(e.PrivateKey)
	if err != nil {
		return nil, unsupportedError("key not read: " + err.Error())
	}
	return publicKeyOf(key)
}

// checkJKSBounds walks a JKS file's structure, checking that each length
// field fits in what is left, and that a 20-byte digest ends the file.
func checkJKSBounds(data []byte) error {
	r := jksReader{data: data}
	if r.u32() != jksMagic {
		return errors.New("bad magic")
	}
	version := r.u32()
	if version != 1 && version != 2 {
		return fmt.Errorf("unknown version %d", version)
	}
	for n := r.u32(); n > 0 && r.err == nil; n-- {
		tag := r.u32()
		r.skip(uint32(r.u16())) // alias
		r.skip(8)               // creation time
		switch tag {
		case 1:
			r.skip(r.u32()) // protected key
			for certs := r.u32(); certs > 0 && r.err == nil; certs-- {
				r.cert(version)
			}
		case 2:
			r.cert(version)
		default:
			return fmt.Errorf("unknown entry tag %d", tag)
		}
	}
	if r.err == nil && len(r.data)-r.off != 20 {
		return errors.New("trailing or missing digest")
	}
	return r.err
}

// jksReader reads big-endian fields, remembering the first overrun.
type jksReader struct {
	data []byte
	off  int
	err  error
}

func (r *jksReader) take(n uint32) []byte {
	if r.err != nil || uint64(n) > uint64(len(r.data)-r.off) {
		r.err = errors.New("length field runs past the end of the file")
		return nil
	}
	b := r.data[r.off : r.off+int(n)]
	r.off += int(n)
	return b
}

func (r *jksReader) u32() uint32 {
	if b := r.take(4); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

func (r *jksReader) u16() uint16 {
	if b := r.take(2); b != nil {
		return binary.BigEndian.Uint16(b)
	}
	return 0
}

func (r *jksReader) skip(n uint32) { r.take(n) }

func (r *jksReader) cert(version uint32) {
	if version == 2 {
		r.skip(uint32(r.u16())) // certificate type
	}
	r.skip(r.u32())
}
