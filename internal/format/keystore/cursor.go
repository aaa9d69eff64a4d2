package keystore

import "encoding/binary"

// byteOrder reads and appends integers in one byte order.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// cursor reads fields from a byte slice and never reads past its end: every
// length is checked against the bytes left before anything is sliced, so a
// hostile length can neither panic nor make the caller allocate more than the
// input holds.
type cursor struct {
	buf   []byte
	pos   int
	order byteOrder
	// base is the file offset of buf[0], so errors point into the file.
	base int
	// region names buf in messages: "the file", "the data block", ...
	region string
}

// left returns the number of unread bytes.
func (c *cursor) left() int { return len(c.buf) - c.pos }

// offset returns the file offset of the next unread byte.
func (c *cursor) offset() int { return c.base + c.pos }

// take returns the next n bytes. The result aliases buf and has its capacity
// clipped, so appending to it cannot overwrite what follows.
func (c *cursor) take(n int, field string) ([]byte, error) {
	if n < 0 {
		return nil, formatErr(c.offset(), "%s has a negative length (%d): the file is damaged", field, n)
	}
	if left := c.left(); n > left {
		return nil, formatErr(c.offset(), "%s is truncated: %s needs %d bytes, only %d left", c.region, field, n, left)
	}
	b := c.buf[c.pos : c.pos+n : c.pos+n]
	c.pos += n
	return b, nil
}

// uint8 reads one byte.
func (c *cursor) uint8(field string) (byte, error) {
	b, err := c.take(1, field)
	if err != nil {
		return 0, err
	}
	return b[0], nil
}

// uint16 reads an unsigned 16-bit integer in the cursor's byte order.
func (c *cursor) uint16(field string) (int, error) {
	b, err := c.take(2, field)
	if err != nil {
		return 0, err
	}
	return int(c.order.Uint16(b)), nil
}

// uint32 reads an unsigned 32-bit integer in the cursor's byte order.
func (c *cursor) uint32(field string) (uint32, error) {
	b, err := c.take(4, field)
	if err != nil {
		return 0, err
	}
	return c.order.Uint32(b), nil
}

// int32 reads a signed 32-bit integer (a Java int) in the cursor's byte order.
func (c *cursor) int32(field string) (int, error) {
	v, err := c.uint32(field)
	if err != nil {
		return 0, err
	}
	return int(int32(v)), nil
}

// vint reads a Lucene VInt: 7 bits per byte, least significant group first,
// high bit set on every byte but the last, at most 5 bytes.
func (c *cursor) vint(field string) (int, error) {
	start := c.offset()
	var v uint32
	for i := range 5 {
		b, err := c.uint8(field)
		if err != nil {
			return 0, err
		}
		v |= uint32(b&0x7f) << (7 * i)
		if b&0x80 == 0 {
			return int(int32(v)), nil
		}
	}
	return 0, formatErr(start, "%s is not a valid variable-length integer: the file is damaged", field)
}
