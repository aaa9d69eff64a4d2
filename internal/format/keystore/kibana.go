package keystore

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strconv"
)

// Layout of kibana.keystore: "1:" then base64 of salt | IV | tag | ciphertext.
const (
	kibanaPrefix     = "1:"
	kibanaSaltLen    = 64
	kibanaIterations = 10_000
	kibanaKeyLen     = 32
	kibanaHeaderLen  = kibanaSaltLen + gcmIVLen + gcmTagLen
)

// ParseKibana reads a kibana.keystore and decrypts it.
//
// The file has no password flag: Kibana encrypts with the empty password
// unless one was set. ParseKibana tries password (when non-empty) and then
// the empty password; Info.PasswordProtected is true when only a non-empty
// password opens the file, or when none of those tried does (a damaged file
// then looks protected: the format cannot tell the two apart). With a nil
// password and a file the empty password does not open, the error is
// ErrPasswordRequired.
func ParseKibana(data []byte, password []byte) (Info, *Secrets, error) {
	info := Info{Kind: KindKibana}
	raw, err := decodeKibanaFile(data)
	if err != nil {
		return info, nil, err
	}
	info.FormatVersion = 1
	salt := raw[:kibanaSaltLen]
	iv := raw[kibanaSaltLen : kibanaSaltLen+gcmIVLen]
	tag := raw[kibanaSaltLen+gcmIVLen : kibanaHeaderLen]
	// The file stores the tag before the ciphertext; Go's Open wants it after.
	sealed := make([]byte, 0, len(raw)-kibanaSaltLen-gcmIVLen)
	sealed = append(append(sealed, raw[kibanaHeaderLen:]...), tag...)

	plain, protected, err := openKibana(salt, iv, sealed, password)
	info.PasswordProtected = protected
	if err != nil {
		return info, nil, err
	}
	defer clear(plain)
	values, err := decodeKibanaEntries(plain)
	if err != nil {
		return info, nil, err
	}
	info.Decrypted = true
	info.Entries = sortedNames(values)
	return info, newSecrets(values), nil
}

// decodeKibanaFile checks the version prefix and returns the decoded bytes,
// at least kibanaHeaderLen long.
func decodeKibanaFile(data []byte) ([]byte, error) {
	text := bytes.TrimRight(data, " \t\r\n")
	if len(text) == 0 {
		return nil, &FormatError{Reason: reasonEmpty}
	}
	version, payload, found := bytes.Cut(text, []byte(":"))
	if !found {
		return nil, &FormatError{Reason: "not a Kibana keystore (no \"1:\" version prefix)"}
	}
	if string(version) != "1" {
		if len(version) > 16 {
			return nil, &FormatError{Reason: "not a Kibana keystore (no \"1:\" version prefix)"}
		}
		return nil, &FormatError{Reason: "Kibana keystore version " + strconv.Quote(string(version)) + " is not supported; version 1 is"}
	}
	raw, err := base64.StdEncoding.DecodeString(string(payload))
	if err != nil {
		// Kibana writes padded base64, but be lenient about the padding.
		var rawErr error
		if raw, rawErr = base64.RawStdEncoding.DecodeString(string(payload)); rawErr != nil {
			offset := len(kibanaPrefix)
			var corrupt base64.CorruptInputError
			if errors.As(err, &corrupt) {
				offset += int(corrupt)
			}
			return nil, &FormatError{Offset: offset, Reason: "the encrypted content is not valid base64: the file is damaged"}
		}
	}
	if len(raw) < kibanaHeaderLen {
		return nil, formatErr(len(kibanaPrefix), "the file is truncated: the encrypted content is %d bytes, shorter than the %d bytes of salt, IV and tag",
			len(raw), kibanaHeaderLen)
	}
	return raw, nil
}

// openKibana tries password (if non-empty) then the empty password. protected
// reports whether the file is (or, on failure, looks) password protected.
func openKibana(salt, iv, sealed, password []byte) (plain []byte, protected bool, err error) {
	if len(password) > 0 {
		plain, err = openKibanaWith(salt, iv, sealed, password)
		if err == nil {
			return plain, true, nil
		}
		if !errors.Is(err, ErrWrongPassword) {
			return nil, false, err
		}
	}
	plain, err = openKibanaWith(salt, iv, sealed, nil)
	switch {
	case err == nil:
		return plain, false, nil
	case errors.Is(err, ErrWrongPassword) && password == nil:
		return nil, true, ErrPasswordRequired
	default:
		return nil, errors.Is(err, ErrWrongPassword), err
	}
}

// openKibanaWith decrypts with one password; Kibana uses no AAD.
func openKibanaWith(salt, iv, sealed, password []byte) ([]byte, error) {
	key, err := deriveKey(password, salt, kibanaIterations, kibanaKeyLen)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	return gcmOpen(key, iv, sealed, nil)
}

// decodeKibanaEntries parses the decrypted JSON object. String values are
// kept as their text; numbers, booleans, null and nested values as compact
// JSON. Decoder messages are not passed on: they quote the content.
func decodeKibanaEntries(plain []byte) (map[string][]byte, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(plain, &raw); err != nil || raw == nil {
		return nil, &FormatError{Reason: "the decrypted content is not a JSON object: the file is corrupted or was not written by Kibana"}
	}
	values := make(map[string][]byte, len(raw))
	for name, msg := range raw {
		if len(msg) > 0 && msg[0] == '"' {
			var s string
			if err := json.Unmarshal(msg, &s); err != nil {
				return nil, &FormatError{Reason: "the decrypted content holds an invalid JSON string"}
			}
			values[name] = []byte(s)
			continue
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, msg); err != nil {
			return nil, &FormatError{Reason: "the decrypted content holds an invalid JSON value"}
		}
		values[name] = compact.Bytes()
	}
	return values, nil
}
