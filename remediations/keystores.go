package remediations

import (
	"bytes"
	"fmt"
	"slices"
	"sort"

	"github.com/essec-dev/essec/internal/format/keystore"
)

// updateKeystore returns the new keystore bytes and the names changed, or
// nil when nothing changes. A protected keystore is left to the operator.
func updateKeystore(k KeystoreChange, cur []byte, exists bool) ([]byte, KeystoreEdit, error) {
	edit := KeystoreEdit{Path: k.Path, Created: !exists}
	set := map[string][]byte{}
	var remove []string
	if exists {
		var info keystore.Info
		var secrets *keystore.Secrets
		var err error
		if k.Kibana {
			info, secrets, err = keystore.ParseKibana(cur, nil)
		} else {
			info, secrets, err = keystore.ParseElasticsearch(cur, nil)
		}
		if err != nil || info.PasswordProtected {
			return nil, edit, manualf("%s cannot be opened by essec (password-protected or unreadable): add the entries with the keystore tool", k.Path)
		}
		defer secrets.Wipe()
		for name, v := range k.Set {
			old, ok := secrets.Get(name)
			if ok && (k.Keep || bytes.Equal(old, v)) {
				continue
			}
			set[name] = v
		}
		for _, name := range k.Remove {
			if slices.Contains(info.Entries, name) {
				remove = append(remove, name)
			}
		}
	} else {
		for name, v := range k.Set {
			set[name] = v
		}
		if !k.Kibana {
			seed, err := randomString(nil, 20)
			if err != nil {
				return nil, edit, err
			}
			set["keystore.seed"] = []byte(seed)
		}
	}
	if len(set) == 0 && len(remove) == 0 {
		return nil, edit, nil
	}
	for name := range set {
		if name != "keystore.seed" {
			edit.Add = append(edit.Add, name)
		}
	}
	sort.Strings(edit.Add)
	edit.Remove = remove
	var out []byte
	var err error
	switch {
	case k.Kibana && exists:
		out, err = keystore.UpdateKibana(cur, nil, asStrings(set), remove, nil)
	case k.Kibana:
		var b bytes.Buffer
		err = keystore.WriteKibana(&b, nil, asStrings(set), nil)
		out = b.Bytes()
	case exists:
		out, err = keystore.UpdateElasticsearch(cur, nil, set, remove, nil)
	default:
		var b bytes.Buffer
		err = keystore.WriteElasticsearch(&b, keystore.ElasticsearchVersionFor(k.Release), nil, set, nil)
		out = b.Bytes()
	}
	if err != nil {
		return nil, edit, fmt.Errorf("%s: %w", k.Path, err)
	}
	return out, edit, nil
}

func asStrings(m map[string][]byte) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = string(v)
	}
	return out
}
