package compose

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad checks that no compose file crashes or hangs the loader (aliases,
// anchors, odd env_file and secrets entries, a .env next to it) and that a
// file it accepts has an Elastic service.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"services:\n  es01:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.1\n    environment:\n      - xpack.security.enabled=true\n      - ELASTIC_PASSWORD=${ELASTIC_PASSWORD}\n    volumes:\n      - ./certs:/usr/share/elasticsearch/config/certs\n",
		"services:\n  kibana:\n    image: kibana:7.17.0\n    env_file: [.env, /dev/zero]\n    environment: {ELASTICSEARCH_HOSTS: 'http://es01:9200'}\n",
		"x-common: &c\n  image: elasticsearch:8.1.0\nservices:\n  a: *c\n  b:\n    <<: *c\n    secrets: [p]\nsecrets:\n  p: {file: ./p.txt}\n",
		"services:\n  es:\n    image: elasticsearch\n  es:\n    image: kibana\n",
		"a: &a [x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nservices:\n  es:\n    image: elasticsearch\n    command: [*b,*b,*b,*b]\n",
	} {
		f.Add(s, "ELASTIC_PASSWORD=changeme\n")
	}
	// One directory per fuzzing process: each input overwrites its files.
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, compose, dotenv string) {
		p := filepath.Join(dir, "docker-compose.yml")
		if err := os.WriteFile(p, []byte(compose), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ".env"), []byte(dotenv), 0o600); err != nil {
			t.Fatal(err)
		}
		file, err := Load(context.Background(), p, nil)
		if err != nil {
			return
		}
		for _, s := range file.Services {
			if s.Kind != "" {
				return
			}
		}
		t.Fatal("accepted a compose file with no Elasticsearch or Kibana service")
	})
}
