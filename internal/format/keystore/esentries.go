package keystore

import (
	"encoding/binary"
	"strconv"
)

// decodeESEntries parses the decrypted content of an elasticsearch.keystore
// (Java DataOutputStream, big-endian in every version). base is the file
// offset of the ciphertext: GCM is a stream cipher, so plaintext byte i sits
// at file offset base+i. Messages name entries by index, never by content.
func decodeESEntries(plain []byte, version, base int) ([]entry, error) {
	c := &cursor{buf: plain, order: binary.BigEndian, base: base, region: "the decrypted entries"}
	count, err := c.int32("the entry count")
	if err != nil {
		return nil, err
	}
	// Smallest entry: empty name (2), value length (4), plus an empty type
	// (2) in v3. Checking the count against that caps the allocation below.
	minEntry := 2 + 4
	if version == 3 {
		minEntry += 2
	}
	if count < 0 || count > c.left()/minEntry {
		return nil, formatErr(base, "the decrypted entries are malformed: an entry count of %d does not fit in %d bytes", count, c.left())
	}
	entries := make([]entry, 0, count)
	for i := range count {
		e, err := decodeESEntry(c, version, i+1)
		if err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	if c.left() != 0 {
		return nil, formatErr(c.offset(), "the decrypted entries have %d unexpected trailing bytes: the file is corrupted or was tampered with", c.left())
	}
	return entries, nil
}

// decodeESEntry reads entry number n (1-based, for messages).
func decodeESEntry(c *cursor, version, n int) (entry, error) {
	var e entry
	name, err := javaUTF(c, fieldName(n, "name"))
	if err != nil {
		return e, err
	}
	e.name = name
	if version == 3 {
		if e.typ, err = javaUTF(c, fieldName(n, "type")); err != nil {
			return e, err
		}
	}
	valueLen, err := c.int32(fieldName(n, "value length"))
	if err != nil {
		return e, err
	}
	if e.value, err = c.take(valueLen, fieldName(n, "value")); err != nil {
		return e, err
	}
	return e, nil
}

// javaUTF reads a string written by Java's DataOutput.writeUTF: a 2-byte
// length then (modified) UTF-8 bytes. Entry names are restricted to
// [A-Za-z0-9_.-], where modified UTF-8 and UTF-8 agree.
func javaUTF(c *cursor, field string) (string, error) {
	n, err := c.uint16(field + " length")
	if err != nil {
		return "", err
	}
	b, err := c.take(n, field)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// fieldName names a field of entry n in messages.
func fieldName(n int, field string) string {
	return "entry " + strconv.Itoa(n) + " " + field
}
