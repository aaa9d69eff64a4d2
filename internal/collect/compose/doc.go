// Package compose reads docker-compose files that run Elasticsearch or
// Kibana and sets what each such service says: its image (and the version
// in the image tag), user, ports, mounts, and the Elastic settings it passes
// through the environment, the way the official images turn environment
// variables into settings.
//
// Elasticsearch's image takes variables named like settings
// (xpack.security.enabled, lower case with a dot) and, from 8.x,
// ES_SETTING_XPACK_SECURITY_ENABLED (_ for ., __ for _); ES_JAVA_OPTS -D
// options are JVM options. Kibana's image maps upper-case names of its
// settings (ELASTICSEARCH_HOSTS → elasticsearch.hosts,
// XPACK_SECURITY_ENCRYPTIONKEY → xpack.security.encryptionKey) and takes
// dotted names as written. Both ignore variables with an empty value.
// Everything else stays in Service.EnvOnly (ELASTIC_PASSWORD is the
// bootstrap password: a secret, kept raw for the caller to redact).
//
// Values are interpolated as Compose does ($VAR, ${VAR}, ${VAR:-default},
// ${VAR-default}, ${VAR:?err}, ${VAR:+alt}, $$), from the given environment
// and then from the .env file next to the compose file; env_file files are
// read relative to the compose file. Problems never hold values.
package compose
