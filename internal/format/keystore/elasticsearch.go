package keystore

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"slices"
)

// Layout constants of elasticsearch.keystore (see keystore-format.md).
const (
	codecMagic  uint32 = 0x3FD76C17
	footerMagic        = ^codecMagic
	codecName          = "elasticsearch.keystore"
	// footerLen is magic (4) + checksum algorithm (4) + checksum (8).
	footerLen = 16
	// gcmIVLen is the IV length Elasticsearch writes and Go's GCM expects.
	gcmIVLen = 12
	// gcmTagLen is the length of the GCM tag appended to the ciphertext.
	gcmTagLen = 16

	// MinElasticsearchVersion and MaxElasticsearchVersion bound the
	// elasticsearch.keystore format versions this package reads and writes.
	MinElasticsearchVersion = 3
	MaxElasticsearchVersion = 7
)

// entry is one decrypted setting, in file order.
type entry struct {
	name  string
	typ   string // v3 only: "STRING" or "FILE"
	value []byte
}

// esFile is the structure of an elasticsearch.keystore before decryption.
type esFile struct {
	version   int
	protected bool
	salt      []byte
	iv        []byte
	encrypted []byte // ciphertext with the GCM tag appended
	encOffset int    // file offset of encrypted
}

// ParseElasticsearch reads an elasticsearch.keystore (format versions 3 to 7)
// and decrypts it. password is used only when the file says it is protected;
// unprotected keystores are decrypted with the empty password, as
// Elasticsearch does. When the keystore is protected and password is nil,
// the structure is still checked and the returned Info carries the version
// and PasswordProtected, with ErrPasswordRequired. On a *FormatError the Info
// carries whatever was read before the problem, including an unsupported
// format version (1 and 2 are legacy Elasticsearch 5.x–6.2 keystores).
func ParseElasticsearch(data []byte, password []byte) (Info, *Secrets, error) {
	return parseElasticsearch(data, password, formatCost)
}

// parseElasticsearch is ParseElasticsearch deriving the key with cost.
func parseElasticsearch(data []byte, password []byte, cost kdfCost) (Info, *Secrets, error) {
	info := Info{Kind: KindElasticsearch}
	f, err := decodeESFile(data)
	info.FormatVersion = f.version
	info.PasswordProtected = f.protected
	if err != nil {
		return info, nil, err
	}
	if f.protected && password == nil {
		return info, nil, ErrPasswordRequired
	}
	if !f.protected {
		password = nil
	}
	plain, err := f.decrypt(password, cost)
	if err != nil {
		return info, nil, err
	}
	defer clear(plain)
	entries, err := decodeESEntries(plain, f.version, f.encOffset)
	if err != nil {
		return info, nil, err
	}
	values := make(map[string][]byte, len(entries))
	if f.version == 3 {
		info.EntryTypes = make(map[string]string, len(entries))
	}
	for _, e := range entries {
		// A later duplicate wins, as in Elasticsearch's HashMap.
		values[e.name] = bytes.Clone(e.value)
		if info.EntryTypes != nil {
			info.EntryTypes[e.name] = e.typ
		}
	}
	info.Decrypted = true
	info.Entries = sortedNames(values)
	return info, newSecrets(values), nil
}

// sortedNames returns the keys of m in order, never nil.
func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// esDataOrder returns the byte order of the data-block integers: big-endian
// up to v4, little-endian from v5 (Lucene 9).
func esDataOrder(version int) byteOrder {
	if version >= 5 {
		return binary.LittleEndian
	}
	return binary.BigEndian
}

// kdfCost is the PBKDF2 iteration count used instead of the one a format
// version implies; formatCost (0) means the format's own. The file does not
// record the count (keystore-format.md section 3), so a keystore sealed with
// another cost opens only with that same cost: neither Elasticsearch nor
// essec ever writes one. Only tests use it, to write and read their
// synthetic keystores without paying 210,000 iterations each time.
type kdfCost int

const formatCost kdfCost = 0

// esKDF returns the PBKDF2 iteration count and AES key length of a version.
func esKDF(version int, cost kdfCost) (iterations, keyLen int) {
	iterations, keyLen = 10_000, 16
	if version >= 6 {
		iterations = 210_000
	}
	if cost != formatCost {
		iterations = int(cost)
	}
	if version >= 7 {
		keyLen = 32
	}
	return iterations, keyLen
}

// decodeESFile checks the codec header, footer and checksum and splits the
// data block. The returned esFile carries the version and flag as soon as they
// are read, even on error.
func decodeESFile(data []byte) (esFile, error) {
	var f esFile
	if len(data) == 0 {
		return f, &FormatError{Reason: reasonEmpty}
	}
	c := &cursor{buf: data, order: binary.BigEndian, region: "the file"}
	magic, err := c.uint32("the codec magic")
	if err != nil {
		if bytes.HasPrefix(binary.BigEndian.AppendUint32(nil, codecMagic), data) {
			return f, err
		}
		return f, &FormatError{Reason: reasonBadMagic}
	}
	if magic != codecMagic {
		return f, &FormatError{Reason: reasonBadMagic}
	}
	if err := readCodecName(c); err != nil {
		return f, err
	}
	versionAt := c.offset()
	version, err := c.int32("the format version")
	if err != nil {
		return f, err
	}
	if version > 0 {
		f.version = version // reported even when unsupported
	}
	if err := checkESVersion(version, versionAt); err != nil {
		return f, err
	}
	flagAt := c.offset()
	flag, err := c.uint8("the password flag")
	if err != nil {
		return f, err
	}
	if flag > 1 {
		return f, formatErr(flagAt, "invalid password flag %d (expected 0 or 1): the file is damaged", flag)
	}
	f.protected = flag == 1
	c.order = esDataOrder(version)
	lenAt := c.offset()
	dataLen, err := c.int32("the data length")
	if err != nil {
		return f, err
	}
	if dataLen < 0 {
		return f, formatErr(lenAt, "the data length is negative (%d): the file is damaged", dataLen)
	}
	if room := c.left() - footerLen; dataLen > room {
		return f, formatErr(lenAt, "the file is truncated: the header announces %d bytes of data and a %d-byte footer, only %d bytes follow",
			dataLen, footerLen, c.left())
	} else if dataLen < room {
		return f, formatErr(c.offset()+dataLen+footerLen,
			"the file has %d unexpected bytes after the keystore footer (trailing data or a damaged length field)", room-dataLen)
	}
	blockAt := c.offset()
	block, _ := c.take(dataLen, "the data block")
	if err := checkFooter(c, data); err != nil {
		return f, err
	}
	return f, splitESBlock(&f, block, blockAt)
}

// readCodecName reads the Lucene string after the magic and checks it.
func readCodecName(c *cursor) error {
	at := c.offset()
	n, err := c.vint("the codec name length")
	if err != nil {
		return err
	}
	if n != len(codecName) {
		return formatErr(at, "wrong codec name length %d (expected %d for %q): not an Elasticsearch keystore", n, len(codecName), codecName)
	}
	name, err := c.take(n, "the codec name")
	if err != nil {
		return err
	}
	if string(name) != codecName {
		return formatErr(at+1, "wrong codec name %q (expected %q): not an Elasticsearch keystore", name, codecName)
	}
	return nil
}

// checkESVersion rejects versions this package cannot read.
func checkESVersion(v, at int) error {
	switch {
	case v == 1 || v == 2:
		return formatErr(at, "format version %d is from Elasticsearch 5.x–6.2 and is not supported; versions %d–%d are",
			v, MinElasticsearchVersion, MaxElasticsearchVersion)
	case v > MaxElasticsearchVersion:
		return formatErr(at, "format version %d is newer than this tool knows and is not supported; versions %d–%d are",
			v, MinElasticsearchVersion, MaxElasticsearchVersion)
	case v < MinElasticsearchVersion:
		return formatErr(at, "format version %d is not supported; versions %d–%d are",
			v, MinElasticsearchVersion, MaxElasticsearchVersion)
	}
	return nil
}

// checkFooter reads the 16-byte codec footer (always big-endian) and verifies
// the CRC-32 of everything before the checksum field.
func checkFooter(c *cursor, data []byte) error {
	c.order = binary.BigEndian
	at := c.offset()
	magic, err := c.uint32("the footer magic")
	if err != nil {
		return err
	}
	if magic != footerMagic {
		return formatErr(at, "bad footer magic %#08x (expected %#08x): the file is damaged", magic, footerMagic)
	}
	algoAt := c.offset()
	algo, err := c.uint32("the checksum algorithm")
	if err != nil {
		return err
	}
	if algo != 0 {
		return formatErr(algoAt, "unknown checksum algorithm %d (expected 0, CRC-32): the file is damaged", algo)
	}
	sumAt := c.offset()
	sum, err := c.take(8, "the checksum")
	if err != nil {
		return err
	}
	if binary.BigEndian.Uint64(sum) != uint64(crc32.ChecksumIEEE(data[:sumAt])) {
		return &FormatError{Offset: sumAt, Reason: reasonChecksum}
	}
	return nil
}

// splitESBlock reads salt, IV and ciphertext from the data block, which must
// be consumed exactly.
func splitESBlock(f *esFile, block []byte, blockAt int) error {
	c := &cursor{buf: block, order: esDataOrder(f.version), base: blockAt, region: "the data block"}
	var err error
	if f.salt, err = lengthPrefixed(c, "the salt"); err != nil {
		return err
	}
	ivAt := c.offset()
	if f.iv, err = lengthPrefixed(c, "the IV"); err != nil {
		return err
	}
	if len(f.iv) != gcmIVLen {
		return formatErr(ivAt, "unsupported IV length %d (Elasticsearch writes %d)", len(f.iv), gcmIVLen)
	}
	encAt := c.offset()
	if f.encrypted, err = lengthPrefixed(c, "the encrypted data"); err != nil {
		return err
	}
	f.encOffset = encAt + 4
	if len(f.encrypted) < gcmTagLen {
		return formatErr(encAt, "the encrypted data is %d bytes, shorter than its %d-byte authentication tag", len(f.encrypted), gcmTagLen)
	}
	if c.left() != 0 {
		return formatErr(c.offset(), "the data block has %d unexpected trailing bytes: the file is corrupted or was tampered with", c.left())
	}
	return nil
}

// lengthPrefixed reads an int length then that many bytes.
func lengthPrefixed(c *cursor, field string) ([]byte, error) {
	n, err := c.int32(field + " length")
	if err != nil {
		return nil, err
	}
	return c.take(n, field)
}
