package keystore

import (
	"errors"
	"fmt"
)

// ErrWrongPassword is returned when the AES-GCM authentication tag does not
// verify. The format cannot tell a wrong password from a damaged encrypted
// block, so the message names both.
var ErrWrongPassword = errors.New("keystore password is incorrect or the file is damaged")

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
