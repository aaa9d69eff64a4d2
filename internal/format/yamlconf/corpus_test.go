package yamlconf

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/sharedtest"
)

// notPlainConfig are the corpus files its README calls wrappers or
// unrendered templates: they may be refused, with a line.
var notPlainConfig = map[string]bool{"014": true, "015": true, "028": true, "071": true, "072": true, "088": true, "093": true}

// TestCorpus parses every elasticsearch.yml and kibana.yml of the shared
// corpus (../shared/corpus/files) with its product's rules.
func TestCorpus(t *testing.T) {
	dir := filepath.Join(sharedtest.Dir(t, "corpus"), "files")
	names, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(names) == 0 {
		t.Skipf("no corpus files in %s", dir)
	}
	parsed := map[string]*File{}
	var refused []string
	for _, path := range names {
		base := filepath.Base(path)
		var d Dialect
		switch {
		case strings.Contains(base, "-es."):
			d = Elasticsearch
		case strings.Contains(base, "-kibana."):
			d = Kibana
		default:
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse(base, data, d, nil)
		num := base[:3]
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Line < 1 {
				t.Errorf("%s: error without a line: %v", base, err)
			}
			if !notPlainConfig[num] {
				t.Errorf("%s: refused: %v", base, err)
			}
			refused = append(refused, err.Error())
			continue
		}
		parsed[num] = f
	}
	sort.Strings(refused)
	t.Logf("corpus: %d parsed, %d refused", len(parsed), len(refused))
	for _, r := range refused {
		t.Logf("  refused: %s", r)
	}
	checkCorpusFacts(t, parsed)
}

func checkCorpusFacts(t *testing.T, parsed map[string]*File) {
	facts := []struct {
		file, key, value string
		list             []string
		line             int
	}{
		{"001", "xpack.security.enabled", "true", nil, 9},
		{"040", "xpack.security.enabled", "false", nil, 85},
		{"032", "xpack.security.enabled", "false", nil, 92},
		{"036", "xpack.security.http.ssl.keystore.path", "certs/http.p12", nil, 99},
		{"004", "xpack.security.transport.ssl.certificate_authorities", "ca.crt", []string{"ca.crt"}, 21},
		{"030", "network.bind_host", "127.0.0.1,10.0.2.15", []string{"127.0.0.1", "10.0.2.15"}, 57},
		{"025", "elasticsearch.ssl.verificationMode", "none", nil, 14},
		{"034", "elasticsearch.ssl.verificationMode", "none", nil, 7},
	}
	for _, f := range facts {
		file := parsed[f.file]
		if file == nil {
			t.Errorf("%s not parsed", f.file)
			continue
		}
		e, ok := file.Get(f.key)
		if !ok || e.Value != f.value || e.Line != f.line || (f.list != nil && !reflect.DeepEqual(e.List, f.list)) {
			t.Errorf("%s: %s = %+v (present %v), want %q line %d", f.file, f.key, e, ok, f.value, f.line)
		}
	}
	// README posture classes: security disabled explicitly, or left to the default.
	for _, n := range []string{"032", "040", "041", "053", "082"} {
		if e := parsed[n].Entries["xpack.security.enabled"]; e.Value != "false" {
			t.Errorf("%s: xpack.security.enabled = %q, want false", n, e.Value)
		}
	}
	for _, n := range []string{"026", "029", "042", "049", "062", "079"} {
		if _, ok := parsed[n].Entries["xpack.security.enabled"]; ok {
			t.Errorf("%s: xpack.security.enabled present, README says it is not", n)
		}
	}
	if f := parsed["069"]; len(f.Entries) != 0 {
		t.Errorf("069 (empty file): %d entries", len(f.Entries))
	}
	if f := parsed["086"]; f != nil {
		if _, ok := f.Get("network.host"); ok || !problemsContain(f, "network.host is empty") {
			t.Errorf("086: network.host \"\" should be dropped with a problem: %+v", f.Problems)
		}
	}
	if e := parsed["065"].Entries["xpack.security.authc.realms.ldap.ldap1.url"]; !e.IsList || len(e.List) != 2 {
		t.Errorf("065: ldap url = %+v", e)
	}
	if e := parsed["019"].Entries["xpack.security.enabled"]; !e.Reference || !e.Unresolved {
		t.Errorf("019: xpack.security.enabled from ${ENV} = %+v", e)
	}
}
