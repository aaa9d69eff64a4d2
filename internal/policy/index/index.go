// Package index computes, in Go, the indexes of a deployment's input
// document that the Rego policies would otherwise rebuild in every check
// that needs them: the TLS material and certificates of the components,
// each certificate once by its key, the material files grouped by path,
// and every file by path with its class. The policies call them as
// built-in functions (essec.tls_index, essec.unique_certs, essec.by_path,
// essec.file_index):
// in Rego, each check being its own query, a library rule shared by three
// checks is computed three times, and grouping thousands of objects by a
// key costs OPA about a hundred times what it costs Go.
//
// Each function reproduces exactly the Rego rules it replaces (named in
// its comment): the same members, the same entry chosen where several
// compete (the least in OPA's sort order), so the findings are the same.
// Values are taken from the document as they are: no copy, no conversion.
package index

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// The built-ins' names, as the policies call them.
const (
	TLSIndexName  = "essec.tls_index"
	UniqueName    = "essec.unique_certs"
	ByPathName    = "essec.by_path"
	FileIndexName = "essec.file_index"
)

var (
	tlsIndexDecl = &rego.Function{
		Name:        TLSIndexName,
		Description: "the TLS material, certificates, unique certificates and unreadable material of the components",
		Decl:        types.NewFunction(types.Args(types.A, types.A), types.A),
	}
	uniqueDecl = &rego.Function{
		Name:        UniqueName,
		Description: "each certificate once by its key, with every location and owner",
		Decl:        types.NewFunction(types.Args(types.A, types.A), types.A),
	}
	byPathDecl = &rego.Function{
		Name:        ByPathName,
		Description: "material entries grouped by file path",
		Decl:        types.NewFunction(types.Args(types.A), types.A),
	}
	fileIndexDecl = &rego.Function{
		Name:        FileIndexName,
		Description: "every file of the components and their TLS material, one merged entry per path",
		Decl:        types.NewFunction(types.Args(types.A, types.A, types.A), types.A),
	}
)

// Builtin is one built-in: its declaration, for compilers, and its
// implementation, for rego.New.
type Builtin struct {
	Decl *ast.Builtin
	Func func(*rego.Rego)
}

// Builtins returns the built-ins. Give every compiler of the policies
// their declarations (Capabilities) and every rego.New that evaluates the
// policies (queries and the Rego test runner) their functions.
func Builtins() []Builtin {
	return []Builtin{
		{decl(tlsIndexDecl), rego.Function2(tlsIndexDecl, func(_ rego.BuiltinContext, components, certRoles *ast.Term) (*ast.Term, error) {
			return TLSIndex(components, certRoles), nil
		})},
		{decl(uniqueDecl), rego.Function2(uniqueDecl, func(_ rego.BuiltinContext, certs, presentedRoles *ast.Term) (*ast.Term, error) {
			return UniqueCerts(certs, presentedRoles), nil
		})},
		{decl(byPathDecl), rego.Function1(byPathDecl, func(_ rego.BuiltinContext, xs *ast.Term) (*ast.Term, error) {
			return ByPath(xs), nil
		})},
		{decl(fileIndexDecl), rego.Function3(fileIndexDecl, func(_ rego.BuiltinContext, components, materials, classes *ast.Term) (*ast.Term, error) {
			return FileIndex(components, materials, classes), nil
		})},
	}
}

// Functions returns the built-ins' implementations, as options of rego.New.
func Functions() []func(*rego.Rego) {
	var out []func(*rego.Rego)
	for _, b := range Builtins() {
		out = append(out, b.Func)
	}
	return out
}

// Capabilities returns OPA's capabilities with the built-ins declared, for
// the compilers of the policies.
func Capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	for _, b := range Builtins() {
		caps.Builtins = append(caps.Builtins, b.Decl)
	}
	return caps
}

func decl(f *rego.Function) *ast.Builtin {
	return &ast.Builtin{Name: f.Name, Description: f.Description, Decl: f.Decl}
}

// Small helpers over OPA values.

// str is the string term s, shared: OPA's own interned terms are shared
// the same way, never modified.
func str(s string) *ast.Term {
	if t, ok := keys[s]; ok {
		return t
	}
	return ast.StringTerm(s)
}

// keys are the terms of the object keys the index reads and writes, made
// once: a term built per lookup costs an allocation and its hash.
var keys = func() map[string]*ast.Term {
	m := map[string]*ast.Term{}
	for _, k := range []string{
		"kind", "obj", "name", "tls_material", "role", "certificates", "path", "setting", "context",
		"component", "owner", "m", "cert", "sha256", "subject", "serial", "locations", "owners",
		"materials", "unique_certificates", "unreadable", "settings", "cert_roles", "presented_roles",
		"secret_roles", "public_roles", "key_extensions", "compose", "files", "exists", "mode", "group",
		"error", "rank", "has_private_key", "components", "class", "class_words", "directory_word", "presented_leaf", "file_name", "is_ca", "",
	} {
		m[k] = ast.StringTerm(k)
	}
	return m
}()

// with returns obj with the extra members (which replace members of the
// same key): a shallow copy, the values shared.
func with(obj ast.Object, extra ...[2]*ast.Term) *ast.Term {
	pairs := make([][2]*ast.Term, 0, obj.Len()+len(extra))
	obj.Foreach(func(k, v *ast.Term) {
		for _, e := range extra {
			if k.Equal(e[0]) {
				return
			}
		}
		pairs = append(pairs, [2]*ast.Term{k, v})
	})
	return ast.ObjectTerm(append(pairs, extra...)...)
}

// get is object.get(o, key, def) for an object value; nil when o is no
// object.
func get(o ast.Value, key string, def *ast.Term) *ast.Term {
	obj, ok := o.(ast.Object)
	if !ok {
		return nil
	}
	if v := obj.Get(str(key)); v != nil {
		return v
	}
	return def
}

// field is o.key: nil when o is no object or has no such key.
func field(o ast.Value, key string) *ast.Term { return get(o, key, nil) }

// elems is what `some x in v` iterates for the document's lists: an
// array's elements; null (an absent Go slice) and anything else iterate
// nothing.
func elems(t *ast.Term) []*ast.Term {
	if t == nil {
		return nil
	}
	a, ok := t.Value.(*ast.Array)
	if !ok {
		return nil
	}
	return arrayElems(a)
}

func arrayElems(a *ast.Array) []*ast.Term {
	out := make([]*ast.Term, 0, a.Len())
	a.Foreach(func(e *ast.Term) { out = append(out, e) })
	return out
}

// isString reports whether t is the string s.
func isString(t *ast.Term, s string) bool {
	if t == nil {
		return false
	}
	v, ok := t.Value.(ast.String)
	return ok && string(v) == s
}

// sortedSet returns the distinct terms in OPA's sort order: sort({...}).
func sortedSet(ts []*ast.Term) []*ast.Term {
	return arrayElems(ast.NewSet(ts...).Sorted())
}

// least is min(ts) over a non-empty list.
func least(ts []*ast.Term) *ast.Term {
	m := ts[0]
	for _, t := range ts[1:] {
		if ast.Compare(t, m) < 0 {
			m = t
		}
	}
	return m
}

// groupKey is a map key for a term: a string's own text (nearly every
// path and name), else the term's source form.
func groupKey(t *ast.Term) string {
	if s, ok := t.Value.(ast.String); ok {
		return "s" + string(s)
	}
	return "t" + t.String()
}
