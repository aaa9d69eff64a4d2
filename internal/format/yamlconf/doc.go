// Package yamlconf reads a settings file (elasticsearch.yml, kibana.yml) the
// way Elasticsearch or Kibana reads it, and flattens it into dotted setting
// names with the string each product sees and the line each came from.
//
// The two products share YAML but not every rule, so Parse takes a Dialect:
//
//   - Nested maps and dotted keys are the same setting in both
//     (`xpack.security: {enabled: true}` is `xpack.security.enabled`).
//   - A key written twice in one mapping makes both refuse to start
//     (Elasticsearch: Jackson's strict duplicate detection; Kibana: js-yaml's
//     "duplicated mapping key"). Parse keeps the first and reports a Problem.
//     The same setting written once nested and once dotted is not caught by
//     either parser: both silently use the later one, and so does Parse (with
//     a Problem).
//   - Plain scalars become the text the product works with: quoted strings
//     unquoted, null as "", true/True/TRUE as "true". Elasticsearch also reads
//     plain yes/no/on/off as booleans (its YAML parser keeps YAML 1.1
//     booleans) and stores "true"/"false"; Kibana (js-yaml, YAML 1.2) keeps
//     them as the strings "yes", "on", ... Inside lists Elasticsearch keeps
//     the text as written.
//   - Elasticsearch refuses a setting whose value is null, a list holding
//     objects or lists, and an unresolved ${...}; it drops a setting whose
//     value is the empty string. Kibana accepts lists of objects (flattened
//     here as key.0.sub).
//   - Elasticsearch does not resolve YAML aliases (Jackson reads *name as the
//     text "name"); Kibana does, including merge keys (<<).
//   - Substitution: Elasticsearch replaces ${NAME} and ${NAME:default} from
//     the environment, then from other settings of the same file; Kibana
//     replaces ${NAME} and ${NAME:default} where NAME and default are word
//     characters, and leaves anything else (such as ${a.b}) as written.
//
// Problems are non-fatal findings about the file; a *SyntaxError is returned
// when the file cannot be read as a settings mapping at all. Neither ever
// holds a setting's value, so both are safe to log.
package yamlconf
