package inventory

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// SchemaID is the $id of the input document's JSON schema (docs/input.schema.json).
const SchemaID = "https://essec.dev/schemas/input.schema.json"

// JSONSchema describes the input document as JSON Schema (draft 2020-12),
// generated from the Go types: it is the contract between the collectors and
// the policies. Fields without omitempty are required (the collectors always
// write them); nil slices and maps are written as null; a struct admits no
// field it does not declare; an `enum:"a,b"` tag lists the only values a
// collector writes, and a `keys:"a,b"` tag the only keys of a map.
func JSONSchema() ([]byte, error) {
	g := schemaGen{defs: map[string]any{}}
	root := g.structSchema(reflect.TypeFor[Document]())
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = SchemaID
	root["title"] = "essec input document"
	root["description"] = "The evidence about one deployment that essec's policies read as input (generated from internal/inventory; do not edit)."
	root["$defs"] = g.defs
	b, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode input schema: %w", err)
	}
	return append(b, '\n'), nil
}

type schemaGen struct {
	defs map[string]any
}

// typeSchema describes t; nullable says whether JSON null is allowed (nil
// slices, maps and pointers).
func (g *schemaGen) typeSchema(t reflect.Type, enum, keys []string) map[string]any {
	switch t.Kind() {
	case reflect.Pointer:
		return nullable(g.typeSchema(t.Elem(), enum, keys))
	case reflect.Struct:
		name := t.Name()
		if _, ok := g.defs[name]; !ok {
			g.defs[name] = map[string]any{} // placeholder against recursion
			g.defs[name] = g.structSchema(t)
		}
		return map[string]any{"$ref": "#/$defs/" + name}
	case reflect.Slice:
		return nullable(map[string]any{"type": "array", "items": g.typeSchema(t.Elem(), enum, nil)})
	case reflect.Map:
		m := map[string]any{"type": "object", "additionalProperties": g.typeSchema(t.Elem(), enum, nil)}
		if len(keys) > 0 {
			m["propertyNames"] = map[string]any{"enum": keys}
		}
		return nullable(m)
	case reflect.String:
		s := map[string]any{"type": "string"}
		if len(enum) > 0 {
			s["enum"] = enum
		}
		return s
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Interface:
		return map[string]any{} // decoded JSON as an API returned it
	}
	panic(fmt.Sprintf("inventory schema: unsupported type %s", t))
}

func (g *schemaGen) structSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.typeSchema(f.Type, splitTag(f.Tag.Get("enum")), splitTag(f.Tag.Get("keys")))
		if !strings.Contains(","+opts+",", ",omitempty,") {
			required = append(required, name)
		}
	}
	sort.Strings(required)
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func splitTag(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

// nullable admits JSON null besides s.
func nullable(s map[string]any) map[string]any {
	if ref, ok := s["$ref"]; ok {
		return map[string]any{"anyOf": []any{map[string]any{"$ref": ref}, map[string]any{"type": "null"}}}
	}
	if t, ok := s["type"].(string); ok {
		s["type"] = []string{t, "null"}
		if e, ok := s["enum"].([]string); ok {
			s["enum"] = append(append([]any{}, toAny(e)...), nil)
		}
	}
	return s
}

func toAny(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
