package compose

import "testing"

func TestImageKindAndVersion(t *testing.T) {
	tests := []struct {
		image, kind, version string
	}{
		{"docker.elastic.co/elasticsearch/elasticsearch:8.15.1", KindElasticsearch, "8.15.1"},
		{"docker.elastic.co/kibana/kibana:9.0.0-arm64", KindKibana, "9.0.0"},
		{"elasticsearch:7.17.22", KindElasticsearch, "7.17.22"},
		{"bitnami/elasticsearch:8.15.1-debian-12-r0", KindElasticsearch, "8.15.1"},
		{"docker.elastic.co/elasticsearch/elasticsearch-oss:7.10.2", KindElasticsearch, "7.10.2"},
		{"localhost:5000/elasticsearch:8.1.0@sha256:abcd", KindElasticsearch, "8.1.0"},
		{"kibana", KindKibana, ""},
		{"docker.elastic.co/elasticsearch/elasticsearch:latest", KindElasticsearch, ""},
		{"docker.elastic.co/elasticsearch/elasticsearch:8.15", KindElasticsearch, ""},
		{"docker.elastic.co/logstash/logstash:8.15.1", "", "8.15.1"},
		{"docker.elastic.co/beats/metricbeat:8.15.1", "", "8.15.1"},
		{"quay.io/prometheuscommunity/elasticsearch-exporter:v1.7.0", "", "1.7.0"},
		{"mobz/elasticsearch-head:5", "", ""},
		{"opensearchproject/opensearch:2.11.0", "", "2.11.0"},
		{"nginx:1.25", "", ""},
	}
	for _, tt := range tests {
		kind := detectKind(serviceFacts{image: tt.image})
		if kind != tt.kind || imageVersion(tt.image) != tt.version {
			t.Errorf("%s: kind %q version %q, want %q %q", tt.image, kind, imageVersion(tt.image), tt.kind, tt.version)
		}
	}
}

func TestDetectKindWithoutImage(t *testing.T) {
	env := func(names ...string) environment {
		var e environment
		for _, n := range names {
			e.set(envVar{name: n, value: "x"})
		}
		return e
	}
	tests := []struct {
		name string
		f    serviceFacts
		want string
	}{
		{"build context", serviceFacts{name: "search", build: "./elasticsearch/"}, KindElasticsearch},
		{"kibana build", serviceFacts{name: "ui", build: "kibana"}, KindKibana},
		{"es settings", serviceFacts{name: "node", image: "corp/search:1", env: env("discovery.type")}, KindElasticsearch},
		{"es setting env", serviceFacts{name: "node", env: env("ES_SETTING_XPACK_SECURITY_ENABLED")}, KindElasticsearch},
		{"kibana by name and hosts", serviceFacts{name: "my-kibana", env: env("ELASTICSEARCH_HOSTS")}, KindKibana},
		{"app with ES hosts", serviceFacts{name: "api", env: env("ELASTICSEARCH_HOSTS")}, ""},
		{"beat with dotted env", serviceFacts{name: "mb", image: "elastic/metricbeat:8.1.0", env: env("system.hostfs")}, ""},
		{"setup helper", serviceFacts{name: "setup", image: "docker.elastic.co/elasticsearch/elasticsearch:8.15.1",
			command: []string{"bash", "-c", "bin/elasticsearch-certutil ..."}, env: env("ELASTIC_PASSWORD", "KIBANA_PASSWORD")}, ""},
		{"tool helper", serviceFacts{name: "genkeys", build: "kibana/", command: []string{"bin/kibana-encryption-keys", "generate"}}, ""},
		{"shell with settings", serviceFacts{name: "es", image: "elasticsearch:8.1.0",
			command: []string{"bash", "-c", "install && exec /usr/local/bin/docker-entrypoint.sh"}, env: env("xpack.security.enabled")}, KindElasticsearch},
		{"shell with mounted config", serviceFacts{name: "es", image: "elasticsearch:8.1.0", command: []string{"sh", "-c", "x"},
			volumes: []Volume{{Target: "/usr/share/elasticsearch/config/elasticsearch.yml"}}}, KindElasticsearch},
		{"elasticsearch command", serviceFacts{name: "es", image: "elasticsearch:6.8.0", command: []string{"elasticsearch", "-Ediscovery.type=single-node"}}, KindElasticsearch},
	}
	for _, tt := range tests {
		if got := detectKind(tt.f); got != tt.want {
			t.Errorf("%s: kind %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestKibanaSetting(t *testing.T) {
	tests := []struct {
		env, setting string
		ok           bool
	}{
		{"ELASTICSEARCH_HOSTS", "elasticsearch.hosts", true},
		{"ELASTICSEARCH_USERNAME", "elasticsearch.username", true},
		{"ELASTICSEARCH_PASSWORD", "elasticsearch.password", true},
		{"ELASTICSEARCH_SERVICEACCOUNTTOKEN", "elasticsearch.serviceAccountToken", true},
		{"ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES", "elasticsearch.ssl.certificateAuthorities", true},
		{"ELASTICSEARCH_SSL_VERIFICATIONMODE", "elasticsearch.ssl.verificationMode", true},
		{"SERVER_SSL_ENABLED", "server.ssl.enabled", true},
		{"SERVER_SSL_CERTIFICATE", "server.ssl.certificate", true},
		{"SERVER_SSL_KEY", "server.ssl.key", true},
		{"SERVER_PUBLICBASEURL", "server.publicBaseUrl", true},
		{"SERVER_HOST", "server.host", true},
		{"SERVER_NAME", "server.name", true},
		{"XPACK_SECURITY_ENCRYPTIONKEY", "xpack.security.encryptionKey", true},
		{"XPACK_ENCRYPTEDSAVEDOBJECTS_ENCRYPTIONKEY", "xpack.encryptedSavedObjects.encryptionKey", true},
		{"XPACK_REPORTING_ENCRYPTIONKEY", "xpack.reporting.encryptionKey", true},
		{"XPACK_SECURITY_SECURECOOKIES", "xpack.security.secureCookies", true},
		{"XPACK_SECURITY_SESSION_IDLETIMEOUT", "xpack.security.session.idleTimeout", true},
		{"CSP_STRICT", "csp.strict", true},
		{"ELASTICSEARCH_URL", "elasticsearch.url", true},
		{"XPACK_MONITORING_ENABLED", "xpack.monitoring.enabled", true},
		{"server.ssl.enabled", "server.ssl.enabled", true},
		{"KIBANA_PASSWORD", "", false},
		{"KIBANA_SYSTEM_PASSWORD", "", false},
		{"SERVERNAME", "", false},
		{"NODE_OPTIONS", "", false},
		{"Server_Host", "", false},
	}
	for _, tt := range tests {
		got, ok := kibanaSetting(tt.env)
		if got != tt.setting || ok != tt.ok {
			t.Errorf("kibanaSetting(%s) = %q %v, want %q %v", tt.env, got, ok, tt.setting, tt.ok)
		}
	}
	seen := map[string]string{}
	for _, s := range kibanaSettingNames {
		if prev, dup := seen[kibanaEnvName(s)]; dup {
			t.Errorf("settings %s and %s share the variable %s", prev, s, kibanaEnvName(s))
		}
		seen[kibanaEnvName(s)] = s
	}
}

func TestESSettingFromEnv(t *testing.T) {
	tests := map[string]string{
		"ES_SETTING_XPACK_SECURITY_ENABLED":                     "xpack.security.enabled",
		"ES_SETTING_XPACK_SECURITY_HTTP_SSL_VERIFICATION__MODE": "xpack.security.http.ssl.verification_mode",
		"ES_SETTING_BOOTSTRAP_MEMORY__LOCK":                     "bootstrap.memory_lock",
	}
	for env, want := range tests {
		if got, ok := esSettingFromEnv(env); !ok || got != want {
			t.Errorf("%s → %q %v, want %q", env, got, ok, want)
		}
	}
	for _, env := range []string{"ES_SETTING_", "ES_JAVA_OPTS", "ELASTIC_PASSWORD"} {
		if _, ok := esSettingFromEnv(env); ok {
			t.Errorf("%s is not an ES_SETTING_ variable", env)
		}
	}
	for name, want := range map[string]bool{"xpack.security.enabled": true, "discovery.type": true, "node.roles": true,
		"XPACK.security.enabled": false, "ELASTIC_PASSWORD": false, "nodot": false} {
		if esSettingName(name) != want {
			t.Errorf("esSettingName(%s) != %v", name, want)
		}
	}
}

func TestMountKind(t *testing.T) {
	if k := mountKind([]Volume{{Target: "/usr/share/kibana/config/kibana.yml"}}); k != KindKibana {
		t.Errorf("kibana.yml mount: %q", k)
	}
	if k := mountKind([]Volume{{Target: "/usr/share/elasticsearch/config/elasticsearch.yml"}}); k != KindElasticsearch {
		t.Errorf("elasticsearch.yml mount: %q", k)
	}
	if k := mountKind([]Volume{{Target: "/data"}}); k != "" {
		t.Errorf("other mount: %q", k)
	}
}
