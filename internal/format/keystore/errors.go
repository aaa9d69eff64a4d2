package keystore

import (
	"errors"
	"fmt"
)

// ErrWrongPassword is returned when the AES-GCM authentication tag does not
// verify. The format cannot tell a wrong password from a damaged encrypted
// block, so the message names both.
var ErrWrongPassword = errors.New("wrong keystore password (or the file is damaged)")

// ErrPasswordRequired is returned when a keystore is protected by a password
// and none was given. The Info returned with it still carries the format
// version and PasswordProtected=true.
var ErrPasswordRequired = errors.New("keystore is protected by a password: give the keystore password to list its entries")

// FormatError reports a file that is not a well-formed keystore.
type FormatError struct {
	// Offset is the byte offset in the file where the problem was found.
	Offset int
	// Reason says what is wrong, worded for the user. It never contains
	// secret material.
	Reason string
}

// Error implements error.
func (e *FormatError) Error() string {
	if e.Offset > 0 {
		return fmt.Sprintf("%s (at byte %d)", e.Reason, e.Offset)
	}
	return e.Reason
}

// formatErr builds a *FormatError with a formatted reason.
func formatErr(offset int, format string, args ...any) *FormatError {
	return &FormatError{Offset: offset, Reason: fmt.Sprintf(format, args...)}
}

// Reasons shared by the readers and the tests.
const (
	reasonEmpty    = "the file is empty"
	reasonChecksum = "checksum mismatch: the file is damaged"
	reasonBadMagic = "not an Elasticsearch keystore (bad magic)"
)

// Kinds of keystore errors, as Classify words them for the input document.
const (
	KindPasswordRequired = "password-required"
	KindWrongPassword    = "wrong-password"
	KindMalformed        = "malformed"
)

// Classify names the kind of a parser error: KindPasswordRequired,
// KindWrongPassword, KindMalformed (not a keystore, damaged, truncated,
// unsupported version), or "" for nil. A malformed keystore tells nothing
// reliable about its protection: callers must not judge its password flag.
func Classify(err error) string {
	var fe *FormatError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrPasswordRequired):
		return KindPasswordRequired
	case errors.Is(err, ErrWrongPassword):
		return KindWrongPassword
	case errors.As(err, &fe):
		return KindMalformed
	}
	return KindMalformed
}
