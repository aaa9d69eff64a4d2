package compose

import (
	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/inventory"
)

// Source names this collector in collection errors.
const Source = "compose"

// Kinds of service.
const (
	KindElasticsearch = "elasticsearch"
	KindKibana        = "kibana"
)

// Volume is one mount of a service: a bind mount, a named volume, tmpfs, or
// a Compose secret or config backed by a file.
type Volume struct {
	// Source is as written (after interpolation): a host path, a volume
	// name, or the file of a secret or config.
	Source string
	// Target is the path inside the container.
	Target string
	// Type is bind, volume, tmpfs, secret or config.
	Type string
	// HostPath is Source resolved against the compose file's directory, for
	// bind mounts and file-backed secrets and configs; "" otherwise.
	HostPath string
	ReadOnly bool
	Line     int
}

// Service is one service of a compose file.
type Service struct {
	Name string
	// Kind is KindElasticsearch, KindKibana or "" (anything else, including
	// helper containers that only run the image's tools).
	Kind string
	// Unclassified says why a service that shows signs of Elasticsearch or
	// Kibana (a mounted elasticsearch.yml, node settings in its
	// environment) could not be classified; Kind is then "".
	Unclassified string
	Image        string
	User         string
	Ports        []string
	// Hostname and ContainerName are the service's hostname: and
	// container_name: (""  when unset): on the compose network the
	// service answers to them besides its name.
	Hostname      string
	ContainerName string
	// Line is the line of the service's name.
	Line int
	// Settings are the Elastic settings the service's environment sets
	// (Path is the compose file, Line the environment entry's line). Its
	// Problems are about those settings (File.Problems repeats them).
	Settings *yamlconf.File
	Volumes  []Volume
	// EnvOnly holds the other environment variables (ELASTIC_PASSWORD,
	// KIBANA_PASSWORD, ES_JAVA_OPTS, ...), keyed by name.
	EnvOnly map[string]yamlconf.Entry
	// JVMOptions are the -D options of ES_JAVA_OPTS.
	JVMOptions []string
	// Version is the release in the image tag (8.15.1), or "".
	Version string
}

// File is a parsed compose file.
type File struct {
	Path     string
	Services []Service
	// Problems are every problem found: about the file, .env, env_file
	// files, the Elastic services and their settings. Those about a
	// service's settings are also in that service's Settings.Problems.
	Problems []inventory.CollectionError
}
