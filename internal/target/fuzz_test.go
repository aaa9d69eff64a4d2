package target

import (
	"strings"
	"testing"
)

// FuzzParseInventory checks that no inventory content crashes the loader or
// slips an inline secret or a nameless or repeated deployment through.
func FuzzParseInventory(f *testing.F) {
	for _, s := range []string{
		"deployments:\n  - name: prod\n    elasticsearch:\n      paths: [./es01]\n      urls: [https://es01:9200]\n      auth: {username: elastic, password_env: ES_PW}\n",
		"deployments:\n  - name: a\n    kibana: {urls: [http://kb:5601]}\n  - name: a\n    kibana: {urls: [http://kb:5601]}\n",
		"deployments:\n  - name: x\n    elasticsearch: {password: s3cret}\n",
		"deployments: &a [*a]\n",
		"a: &a [x,x,x,x]\nb: &b [*a,*a,*a,*a]\ndeployments: [*b,*b]\n",
		"deployments: {}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		deps, err := ParseInventory("/inv/essec.yaml", []byte(s))
		if err != nil {
			return
		}
		if len(deps) == 0 {
			t.Fatal("no error and no deployment")
		}
		seen := map[string]bool{}
		for _, d := range deps {
			if d.Name == "" || seen[d.Name] {
				t.Fatalf("deployment name %q empty or repeated", d.Name)
			}
			seen[d.Name] = true
			for _, p := range d.Paths {
				if p != "" && !strings.HasPrefix(p, "/") {
					t.Fatalf("path %q not resolved against the inventory", p)
				}
			}
		}
	})
}
