// Package keystore reads and writes the secure-settings stores of the Elastic
// stack: elasticsearch.keystore (on-disk format versions 3 to 7, Elasticsearch
// 6.3 and later) and kibana.keystore (format 1).
//
// An audit needs to know what a keystore holds, not what the values are: the
// parsers return an Info with the format version, whether a password protects
// the file and the sorted entry names. The decrypted values come back
// separately in a Secrets, which essec uses internally (for example to open a
// PKCS#12 file whose password lives in the keystore) and which prints as
// "[REDACTED n entries]" whichever way it is formatted or logged.
//
// A keystore without a password is still encrypted, but with a key derived
// from the empty password, so anyone who can read the file can read the
// secrets; Info.PasswordProtected tells the two cases apart.
//
// Errors are typed so callers can classify them: ErrPasswordRequired,
// ErrWrongPassword and *FormatError. No error message ever contains a
// password or a decrypted value. The parsers never panic, whatever the input:
// every length read from the file is checked against the bytes that remain
// before anything is sliced or allocated.
package keystore
