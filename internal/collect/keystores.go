package collect

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/essec-dev/essec/internal/boundedfile"
	"github.com/essec-dev/essec/internal/format/keystore"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/redact"
)

// kibanaMeasured are the Kibana keystore entries whose length and digest a
// check needs (encryption keys: 32 characters at least, equal on every instance).
var kibanaMeasured = []string{"xpack.security.encryptionKey", "xpack.encryptedSavedObjects.encryptionKey", "xpack.reporting.encryptionKey"}

// readKeystore reads one keystore file into evidence and, when it could be
// decrypted, puts its values into bag for essec's own use.
func readKeystore(kind, path string, password []byte, r *redact.Redactor, bag *secretBag, seen *redact.Secrets) (*inventory.Keystore, error) {
	ks := &inventory.Keystore{Path: path, Entries: []string{}}
	data, err := boundedfile.Read(path, boundedfile.Keystore)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return ks, nil
		}
		ks.Present = true
		ks.ErrorKind = "unreadable"
		ks.Error = "cannot read: " + boundedfile.Reason(err)
		return ks, fmt.Errorf("keystore %w", err)
	}
	ks.Present, ks.Readable = true, true
	var info keystore.Info
	var secrets *keystore.Secrets
	if kind == "kibana" {
		info, secrets, err = keystore.ParseKibana(data, password)
	} else {
		info, secrets, err = keystore.ParseElasticsearch(data, password)
	}
	ks.FormatVersion = info.FormatVersion
	ks.PasswordProtected = info.PasswordProtected
	if err != nil {
		ks.Error, ks.ErrorKind = err.Error(), keystore.Classify(err)
		switch ks.ErrorKind {
		case keystore.KindPasswordRequired:
			ks.Error += " (set ESSEC_KEYSTORE_PASSWORD or pass --keystore-password-file)"
			return ks, nil
		case keystore.KindMalformed:
			// A damaged file's password flag is not evidence of anything.
			ks.Readable, ks.PasswordProtected = false, false
			ks.Error = "not a readable keystore: " + ks.Error
		}
		return ks, fmt.Errorf("keystore %s: %w", path, err)
	}
	ks.Decrypted = info.Decrypted
	ks.Entries = append(ks.Entries, info.Entries...)
	for _, name := range info.Entries {
		v, ok := secrets.Get(name)
		if !ok {
			continue
		}
		bag.put(name, v, "keystore")
		seen.Add(string(v))
		if kind == "kibana" && measured(name) {
			if ks.EntryLengths == nil {
				ks.EntryLengths, ks.EntryDigests = map[string]int{}, map[string]string{}
			}
			ks.EntryLengths[name] = redact.Length(string(v))
			ks.EntryDigests[name] = r.Digest(string(v))
		}
	}
	return ks, nil
}

func measured(name string) bool {
	for _, m := range kibanaMeasured {
		if strings.EqualFold(m, name) {
			return true
		}
	}
	return false
}
