package keystore

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"strconv"
	"strings"
)

// UpdateElasticsearch rewrites an elasticsearch.keystore with the entries of
// set added or replaced and those named in remove removed, in the format
// version and with the password the file already has (a node must be able
// to read what it had: Elasticsearch refuses formats newer than it knows).
// Every other entry is kept byte for byte.
func UpdateElasticsearch(data, password []byte, set map[string][]byte, remove []string, rand io.Reader) ([]byte, error) {
	return updateElasticsearch(data, password, set, remove, rand, formatCost)
}

// updateElasticsearch is UpdateElasticsearch deriving keys with cost.
func updateElasticsearch(data, password []byte, set map[string][]byte, remove []string, rand io.Reader, cost kdfCost) ([]byte, error) {
	info, secrets, err := parseElasticsearch(data, password, cost)
	if err != nil {
		return nil, fmt.Errorf("read keystore: %w", err)
	}
	defer secrets.Wipe()
	values := maps.Clone(secrets.values)
	for _, name := range remove {
		delete(values, name)
	}
	maps.Copy(values, set)
	if !info.PasswordProtected {
		password = nil
	}
	var out bytes.Buffer
	if err := writeElasticsearch(&out, info.FormatVersion, password, values, rand, cost); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// UpdateKibana rewrites a kibana.keystore with set added or replaced and
// remove removed; values are stored as JSON strings.
func UpdateKibana(data, password []byte, set map[string]string, remove []string, rand io.Reader) ([]byte, error) {
	_, secrets, err := ParseKibana(data, password)
	if err != nil {
		return nil, fmt.Errorf("read kibana keystore: %w", err)
	}
	defer secrets.Wipe()
	values := make(map[string]string, len(secrets.values))
	for k, v := range secrets.values {
		values[k] = string(v)
	}
	for _, name := range remove {
		delete(values, name)
	}
	maps.Copy(values, set)
	var out bytes.Buffer
	if err := WriteKibana(&out, password, values, rand); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// ElasticsearchVersionFor is the keystore format a new keystore gets for a
// node of the given release ("8.15.1"): the version that release writes, so
// the node reads it and does not need to upgrade it. An unknown release gets
// 5, which every 8.x and 9.x node reads.
func ElasticsearchVersionFor(release string) int {
	parts := strings.SplitN(release, ".", 3)
	major, err1 := strconv.Atoi(parts[0])
	minor := 0
	if len(parts) > 1 {
		minor, _ = strconv.Atoi(parts[1])
	}
	switch {
	case err1 != nil:
		return 5
	case major >= 9:
		return 7
	case major == 8 && minor >= 14:
		return 6
	case major == 8:
		return 5
	case major == 7 || major == 6 && minor >= 8:
		return 4
	}
	return 3
}
