package keystore

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"unicode/utf8"
)

// esSaltLen is the salt length Elasticsearch writes.
const esSaltLen = 64

// WriteElasticsearch writes an elasticsearch.keystore holding entries in
// format version 3 to 7; version 0 means 7, what Elasticsearch 9 writes.
// An empty or nil password writes an unprotected keystore (hasPassword = 0),
// which is still encrypted with the empty password. Entries are written in
// name order. In version 3 an entry is typed "STRING" when its value is valid
// UTF-8 and "FILE" otherwise. rand supplies the salt and IV; nil means
// crypto/rand. Nothing is written to w unless the whole file was built.
func WriteElasticsearch(w io.Writer, version int, password []byte, entries map[string][]byte, rand io.Reader) error {
	return writeElasticsearch(w, version, password, entries, rand, formatCost)
}

// writeElasticsearch is WriteElasticsearch deriving the key with cost.
func writeElasticsearch(w io.Writer, version int, password []byte, entries map[string][]byte, rand io.Reader, cost kdfCost) error {
	if version == 0 {
		version = MaxElasticsearchVersion
	}
	if version < MinElasticsearchVersion || version > MaxElasticsearchVersion {
		return fmt.Errorf("write keystore: format version %d is not supported; versions %d–%d are",
			version, MinElasticsearchVersion, MaxElasticsearchVersion)
	}
	list := make([]entry, 0, len(entries))
	for _, name := range sortedNames(entries) {
		if !validSettingName(name) {
			return fmt.Errorf("write keystore: invalid setting name %q: only letters, digits, '_', '-' and '.' are allowed", name)
		}
		e := entry{name: name, value: entries[name]}
		if version == 3 {
			e.typ = "STRING"
			if !utf8.Valid(e.value) {
				e.typ = "FILE"
			}
		}
		list = append(list, e)
	}
	salt, iv, err := saltAndIV(rand, esSaltLen)
	if err != nil {
		return fmt.Errorf("write keystore: %w", err)
	}
	data, err := encodeElasticsearch(version, password, salt, iv, list, cost)
	if err != nil {
		return fmt.Errorf("write keystore: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("write keystore: %w", err)
	}
	return nil
}

// validSettingName reports whether name matches [A-Za-z0-9_\-.]+, the syntax
// the elasticsearch-keystore tool enforces.
func validSettingName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			r == '_' || r == '-' || r == '.'
		if !ok {
			return false
		}
	}
	return true
}

// saltAndIV reads a salt then a GCM IV from r (crypto/rand when nil), in the
// order Elasticsearch and Kibana draw them.
func saltAndIV(r io.Reader, saltLen int) (salt, iv []byte, err error) {
	if r == nil {
		r = rand.Reader
	}
	buf := make([]byte, saltLen+gcmIVLen)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, nil, fmt.Errorf("read random salt and IV: %w", err)
	}
	return buf[:saltLen:saltLen], buf[saltLen:], nil
}

// encodeElasticsearch builds the whole file from entries in the given order.
func encodeElasticsearch(version int, password, salt, iv []byte, entries []entry, cost kdfCost) ([]byte, error) {
	plain, err := encodeESEntries(version, entries)
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	return sealElasticsearch(version, password, salt, iv, plain, cost)
}

// sealElasticsearch encrypts plain and frames it as an elasticsearch.keystore.
func sealElasticsearch(version int, password, salt, iv, plain []byte, cost kdfCost) ([]byte, error) {
	iterations, keyLen := esKDF(version, cost)
	sealed, err := passwordSeal(password, salt, iterations, keyLen, iv, plain, salt)
	if err != nil {
		return nil, err
	}

	order := esDataOrder(version)
	var block []byte
	for _, part := range [][]byte{salt, iv, sealed} {
		block = order.AppendUint32(block, uint32(len(part)))
		block = append(block, part...)
	}
	if len(block) > math.MaxInt32 {
		return nil, fmt.Errorf("keystore content is too large (%d bytes)", len(block))
	}

	out := binary.BigEndian.AppendUint32(nil, codecMagic)
	out = append(out, byte(len(codecName))) // a one-byte VInt: 22 < 128
	out = append(out, codecName...)
	out = binary.BigEndian.AppendUint32(out, uint32(version))
	flag := byte(0)
	if len(password) > 0 {
		flag = 1
	}
	out = append(out, flag)
	out = order.AppendUint32(out, uint32(len(block)))
	out = append(out, block...)
	out = binary.BigEndian.AppendUint32(out, footerMagic)
	out = binary.BigEndian.AppendUint32(out, 0) // checksum algorithm: CRC-32
	out = binary.BigEndian.AppendUint64(out, uint64(crc32.ChecksumIEEE(out)))
	return out, nil
}

// encodeESEntries builds the plaintext: big-endian Java DataOutputStream.
func encodeESEntries(version int, entries []entry) ([]byte, error) {
	if len(entries) > math.MaxInt32 {
		return nil, fmt.Errorf("too many entries (%d)", len(entries))
	}
	plain := binary.BigEndian.AppendUint32(nil, uint32(len(entries)))
	var err error
	for _, e := range entries {
		if plain, err = appendJavaUTF(plain, e.name); err != nil {
			return nil, err
		}
		if version == 3 {
			if plain, err = appendJavaUTF(plain, e.typ); err != nil {
				return nil, err
			}
		}
		if len(e.value) > math.MaxInt32 {
			return nil, fmt.Errorf("the value of %q is too large (%d bytes)", e.name, len(e.value))
		}
		plain = binary.BigEndian.AppendUint32(plain, uint32(len(e.value)))
		plain = append(plain, e.value...)
	}
	return plain, nil
}

// appendJavaUTF appends s as Java's writeUTF would for ASCII text.
func appendJavaUTF(b []byte, s string) ([]byte, error) {
	if len(s) > math.MaxUint16 {
		return nil, fmt.Errorf("name %.32q… is too long (%d bytes)", s, len(s))
	}
	b = binary.BigEndian.AppendUint16(b, uint16(len(s)))
	return append(b, s...), nil
}

// WriteKibana writes a kibana.keystore holding entries as string values. A
// nil or empty password is the empty password Kibana uses by default. rand
// supplies the salt and IV; nil means crypto/rand.
func WriteKibana(w io.Writer, password []byte, entries map[string]string, rand io.Reader) error {
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false) // as JSON.stringify
	if entries == nil {
		entries = map[string]string{}
	}
	if err := enc.Encode(entries); err != nil {
		return fmt.Errorf("write kibana keystore: %w", err)
	}
	plain := bytes.TrimSuffix(js.Bytes(), []byte("\n"))
	defer clear(js.Bytes())

	salt, iv, err := saltAndIV(rand, kibanaSaltLen)
	if err != nil {
		return fmt.Errorf("write kibana keystore: %w", err)
	}
	out, err := sealKibana(password, salt, iv, plain)
	if err != nil {
		return fmt.Errorf("write kibana keystore: %w", err)
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("write kibana keystore: %w", err)
	}
	return nil
}

// sealKibana encrypts plain and frames it as a kibana.keystore.
func sealKibana(password, salt, iv, plain []byte) ([]byte, error) {
	sealed, err := passwordSeal(password, salt, kibanaIterations, kibanaKeyLen, iv, plain, nil)
	if err != nil {
		return nil, err
	}
	ct, tag := sealed[:len(sealed)-gcmTagLen], sealed[len(sealed)-gcmTagLen:]
	raw := make([]byte, 0, len(salt)+len(iv)+len(sealed))
	raw = append(append(append(append(raw, salt...), iv...), tag...), ct...)
	out := []byte(kibanaPrefix)
	return base64.StdEncoding.AppendEncode(out, raw), nil
}
