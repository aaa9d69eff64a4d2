package compose

import (
	"strings"
	"testing"
)

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
		kind := classify(serviceFacts{image: tt.image}).kind
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
		// unclassified is true when the service must be reported as
		// unclassified rather than silently left out.
		unclassified bool
	}{
		{"build not read", serviceFacts{name: "search", build: "./elasticsearch/", buildProblem: "its Dockerfile could not be read"}, "", true},
		{"build from elasticsearch", serviceFacts{name: "search", build: "./es/", from: "docker.elastic.co/elasticsearch/elasticsearch:8.15.1"}, KindElasticsearch, false},
		{"build from kibana", serviceFacts{name: "ui", build: "kibana", from: "docker.elastic.co/kibana/kibana:"}, KindKibana, false},
		{"build from elasticsearch, setup entrypoint", serviceFacts{name: "setup", build: "setup/", from: "docker.elastic.co/elasticsearch/elasticsearch:", fromEntry: []string{"/entrypoint.sh"},
			volumes: []Volume{{Target: "/entrypoint.sh", HostPath: "x"}}, script: func(string) string {
				return "#!/usr/bin/env bash\nwait_for_elasticsearch\ncurl -X POST http://elasticsearch:9200/_security/user\n"
			}}, "", false},
		{"es settings on an unknown image", serviceFacts{name: "node", image: "corp/search:1", env: env("discovery.type")}, "", true},
		{"es setting env without image", serviceFacts{name: "node", env: env("ES_SETTING_XPACK_SECURITY_ENABLED")}, "", true},
		{"ES_JAVA_OPTS alone", serviceFacts{name: "elastic-thing", image: "corp/app:1", env: env("ES_JAVA_OPTS")}, "", false},
		{"kibana by name and hosts", serviceFacts{name: "my-kibana", env: env("ELASTICSEARCH_HOSTS")}, "", false},
		{"app with ES hosts", serviceFacts{name: "api", env: env("ELASTICSEARCH_HOSTS")}, "", false},
		{"beat with dotted env", serviceFacts{name: "mb", image: "elastic/metricbeat:8.1.0", env: env("system.hostfs")}, "", false},
		{"kafka", serviceFacts{name: "kafka", image: "confluentinc/cp-kafka:7.6.0", env: env("KAFKA_BROKER_ID")}, "", false},
		{"zookeeper", serviceFacts{name: "zookeeper", image: "zookeeper:3.9"}, "", false},
		{"elastichq", serviceFacts{name: "elastic-hq", image: "elastichq/elasticsearch-hq:latest", env: env("HQ_DEFAULT_URL")}, "", false},
		{"cerebro", serviceFacts{name: "cerebro", image: "lmenezes/cerebro:0.9.4"}, "", false},
		{"head", serviceFacts{name: "head", image: "mobz/elasticsearch-head:5"}, "", false},
		{"logstash mounting a config", serviceFacts{name: "logstash", image: "docker.elastic.co/logstash/logstash:8.15.1", volumes: []Volume{{Target: "/usr/share/logstash/config/logstash.yml"}}}, "", false},
		{"fleet server", serviceFacts{name: "fleet", image: "docker.elastic.co/beats/elastic-agent:8.15.1", env: env("FLEET_SERVER_ENABLE")}, "", false},
		{"private registry rebuild", serviceFacts{name: "n1", image: "registry.corp:5000/search/elasticsearch:8.15.1-plugins"}, KindElasticsearch, false},
		{"setup helper", serviceFacts{name: "setup", image: "docker.elastic.co/elasticsearch/elasticsearch:8.15.1",
			command: []string{"bash", "-c", "bin/elasticsearch-certutil", "ca", "--out", "config/certs/ca.zip;", "until", "curl", "-s", "https://es01:9200;", "do", "sleep", "30;", "done"}, env: env("ELASTIC_PASSWORD", "KIBANA_PASSWORD")}, "", false},
		{"tool helper", serviceFacts{name: "genkeys", image: "docker.elastic.co/kibana/kibana:8.15.1", command: []string{"bin/kibana-encryption-keys", "generate"}}, "", false},
		{"shell handing over to the entrypoint", serviceFacts{name: "es", image: "elasticsearch:8.1.0",
			command: []string{"bash", "-c", "bin/elasticsearch-plugin install analysis-icu && exec /usr/local/bin/docker-entrypoint.sh"}, env: env("xpack.security.enabled")}, KindElasticsearch, false},
		{"shell with mounted config only", serviceFacts{name: "es", image: "elasticsearch:8.1.0", command: []string{"sh", "-c", "sleep infinity"},
			volumes: []Volume{{Target: "/usr/share/elasticsearch/config/elasticsearch.yml"}}}, "", false},
		{"unknown script in the image with node signs", serviceFacts{name: "es", image: "elasticsearch:8.1.0", entrypoint: []string{"/opt/start.sh"},
			volumes: []Volume{{Target: "/usr/share/elasticsearch/config/elasticsearch.yml"}}}, "", true},
		{"elasticsearch command", serviceFacts{name: "es", image: "elasticsearch:6.8.0", command: []string{"elasticsearch", "-Ediscovery.type=single-node"}}, KindElasticsearch, false},
		{"options to the entrypoint", serviceFacts{name: "es", image: "elasticsearch:7.17.0", command: []string{"-Ediscovery.type=single-node"}}, KindElasticsearch, false},
		{"elasticsearch launcher on a plain image", serviceFacts{name: "es", image: "corp/jdk:17", command: []string{"/usr/share/elasticsearch/bin/elasticsearch"}}, KindElasticsearch, false},
		{"tini in front of the entrypoint", serviceFacts{name: "es", image: "elasticsearch:8.1.0", entrypoint: []string{"/bin/tini", "--", "/usr/local/bin/docker-entrypoint.sh"}}, KindElasticsearch, false},
		{"shell waiting then starting kibana-docker", serviceFacts{name: "kibana", image: "docker.elastic.co/kibana/kibana:8.10.4",
			command: []string{"/bin/bash", "-c", "while", "[", "!", "-f", "/usr/share/kibana/config/token.env", "];", "do", "sleep", "1", "done", "/usr/local/bin/kibana-docker", "--allow-root", "&", "wait"}}, KindKibana, false},
		{"kibana-docker", serviceFacts{name: "kb", image: "kibana:8.1.0", command: []string{"/usr/local/bin/kibana-docker"}}, KindKibana, false},
	}
	for _, tt := range tests {
		c := classify(tt.f)
		if c.kind != tt.want || (c.unclassified != "") != tt.unclassified {
			t.Errorf("%s: kind %q unclassified %q, want %q (unclassified %v)", tt.name, c.kind, c.unclassified, tt.want, tt.unclassified)
		}
	}
}

func TestParseDockerfile(t *testing.T) {
	tests := []struct {
		name, text string
		args       map[string]string
		from       string
		entry      []string
		problem    bool
	}{
		{"docker-elk", "ARG ELASTIC_VERSION\n\n# https://www.docker.elastic.co/\nFROM docker.elastic.co/elasticsearch/elasticsearch:${ELASTIC_VERSION:-8.15.1}\n\n# Add your elasticsearch plugins setup here\n", nil,
			"docker.elastic.co/elasticsearch/elasticsearch:8.15.1", nil, false},
		{"tag from args", "ARG V\nFROM docker.elastic.co/kibana/kibana:${V}\n", map[string]string{"V": "8.1.0"}, "docker.elastic.co/kibana/kibana:8.1.0", nil, false},
		{"unset tag", "ARG V\nFROM elasticsearch:${V}\n", nil, "elasticsearch:", nil, false},
		{"unset image", "ARG BASE\nFROM ${BASE}\n", nil, "", nil, true},
		{"multi-stage", "FROM alpine AS certs\nRUN x\nFROM docker.elastic.co/elasticsearch/elasticsearch:8.15.1 AS es\nCOPY --from=certs /c /c\nFROM es\nENTRYPOINT [\"/entrypoint.sh\"]\n", nil,
			"docker.elastic.co/elasticsearch/elasticsearch:8.15.1", []string{"/entrypoint.sh"}, false},
		{"continuation and shell form", "FROM --platform=linux/amd64 \\\n  kibana:7.17.0\nENTRYPOINT /bin/sh -c 'x'\n", nil, "kibana:7.17.0", []string{"/bin/sh", "-c", "/bin/sh -c 'x'"}, false},
		{"no FROM", "RUN echo\n", nil, "", nil, true},
	}
	for _, tt := range tests {
		from, entry, _, problem := parseDockerfile(tt.text, tt.args)
		if from != tt.from || (problem != "") != tt.problem || strings.Join(entry, " ") != strings.Join(tt.entry, " ") {
			t.Errorf("%s: from %q entry %q problem %q", tt.name, from, entry, problem)
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

// TestMountedConfigAloneIsNoNode: a mounted elasticsearch.yml on an image
// that is not Elasticsearch is reported, not guessed into a node.
func TestMountedConfigAloneIsNoNode(t *testing.T) {
	c := classify(serviceFacts{name: "search", image: "corp/search:1", volumes: []Volume{{Target: "/usr/share/elasticsearch/config/elasticsearch.yml"}}})
	if c.kind != "" || !strings.Contains(c.unclassified, "mounts elasticsearch.yml") {
		t.Errorf("got %+v", c)
	}
}
