package ecs

import "strings"

// DefaultIndex is where findings go unless told otherwise; the template
// matches it and anything that starts with it.
const DefaultIndex = "essec-findings"

// TemplateVersion is the template's version; raise it with the mappings.
const TemplateVersion = 1

// Field is one mapped field and its Elasticsearch type.
type Field struct {
	Name string
	Type string
}

// Fields lists every field Documents can emit, with its mapping type. ECS
// fields keep their ECS types.
func Fields() []Field {
	return []Field{
		{"@timestamp", "date"},
		{"ecs.version", "keyword"},
		{"message", "match_only_text"},
		{"event.kind", "keyword"},
		{"event.category", "keyword"},
		{"event.type", "keyword"},
		{"event.outcome", "keyword"},
		{"event.id", "keyword"},
		{"event.dataset", "keyword"},
		{"result.evaluation", "keyword"},
		{"result.evidence", "flattened"},
		{"rule.id", "keyword"},
		{"rule.name", "keyword"},
		{"rule.description", "keyword"},
		{"rule.remediation", "text"},
		{"rule.reference", "keyword"},
		{"rule.section", "keyword"},
		{"rule.benchmark.id", "keyword"},
		{"rule.benchmark.name", "keyword"},
		{"rule.benchmark.version", "keyword"},
		{"rule.benchmark.rule_number", "keyword"},
		{"rule.benchmark.posture_type", "keyword"},
		{"resource.id", "keyword"},
		{"resource.name", "keyword"},
		{"resource.type", "keyword"},
		{"resource.sub_type", "keyword"},
		{"orchestrator.cluster.id", "keyword"},
		{"orchestrator.cluster.name", "keyword"},
		{"service.type", "keyword"},
		{"host.name", "keyword"},
		{"essec.level", "keyword"},
		{"essec.severity", "keyword"},
		{"essec.status", "keyword"},
		{"essec.fingerprint", "keyword"},
		{"essec.scan_id", "keyword"},
		{"essec.tool_version", "keyword"},
		{"essec.component", "keyword"},
		{"essec.setting", "keyword"},
		{"essec.suppressed", "boolean"},
		{"essec.waiver.reason", "text"},
		{"essec.waiver.owner", "keyword"},
		{"essec.waiver.expires", "date"},
		{"essec.location.file", "keyword"},
		{"essec.location.line", "long"},
		{"essec.location.endpoint", "keyword"},
		{"essec.remediation.id", "keyword"},
		{"essec.remediation.automated", "boolean"},
	}
}

// Template is the composable index template for DefaultIndex.
func Template() map[string]any { return TemplateFor(DefaultIndex) }

// TemplateFor is the composable index template (PUT _index_template/<index>)
// for index and every index whose name starts with it. Fields not in the
// mappings are kept in _source but not indexed (dynamic: false), so evidence
// of a new shape never breaks indexing.
func TemplateFor(index string) map[string]any {
	return map[string]any{
		"index_patterns": []string{index + "*"},
		"priority":       200,
		"version":        TemplateVersion,
		"template": map[string]any{
			"mappings": Mappings(),
		},
		"_meta": map[string]any{
			"managed_by":  "essec",
			"description": "essec security findings in ECS",
		},
	}
}

// Mappings is the mappings object of the template.
func Mappings() map[string]any {
	root := map[string]any{}
	for _, f := range Fields() {
		props := root
		parts := strings.Split(f.Name, ".")
		for _, p := range parts[:len(parts)-1] {
			obj, ok := props[p].(map[string]any)
			if !ok {
				obj = map[string]any{"properties": map[string]any{}}
				props[p] = obj
			}
			props = obj["properties"].(map[string]any)
		}
		props[parts[len(parts)-1]] = mapping(f)
	}
	return map[string]any{"dynamic": false, "properties": root}
}

func mapping(f Field) map[string]any {
	m := map[string]any{"type": f.Type}
	switch {
	case f.Type == "keyword":
		m["ignore_above"] = 1024
	case f.Name == "essec.waiver.expires":
		m["format"] = "strict_date"
	}
	return m
}
