package index

import (
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// FileIndex is HARD-11's file index: {"files": files_by_path, "components":
// the set of the names of the components with at least one entry}.
// files_by_path holds every file of the components
// (lib.component_list's files that exist) and every TLS material file
// (tls.material_list's that exist), one entry per path: {"path", "rank",
// "mode", "perm", "owner", "group", "error", "compose", "component",
// "class"} (perm: see perm). rank is the file's class (0 certificate or
// trust file, 1 configuration, 2 key, keystore or credentials), from
// classes: {"secret_roles": set of file roles that hold secrets,
// "public_roles": set of material roles that hold only public
// certificates, "key_extensions": array of file name endings of keys and
// keystores, "class_words": the words naming each rank in messages,
// "directory_word": the word for a path of rank 0 ending in "/certs"}.
// A path named more than once gives one entry: the least, in sort order,
// of those with a mode (else of all), with the highest rank, and compose
// when any is. class is the merged entry's word (see classWord), added
// only when classes has class_words.
func FileIndex(components, materials, classes *ast.Term) *ast.Term {
	secret := get(classes.Value, "secret_roles", ast.SetTerm())
	public := get(classes.Value, "public_roles", ast.SetTerm())
	var exts []string
	for _, e := range elems(get(classes.Value, "key_extensions", ast.ArrayTerm())) {
		if s, ok := e.Value.(ast.String); ok {
			exts = append(exts, string(s))
		}
	}
	compose := map[string]bool{} // compose_owners, by the name's term
	for _, c := range elems(components) {
		obj := field(c.Value, "obj")
		if obj == nil {
			continue
		}
		name := field(obj.Value, "name")
		if name != nil {
			if v := get(obj.Value, "compose", ast.NullTerm()); v.Value.Compare(ast.Null{}) != 0 {
				compose[groupKey(name)] = true
			}
		}
	}
	empty := str("")
	var entries []fileEntry
	for _, c := range elems(components) {
		obj := field(c.Value, "obj")
		if obj == nil {
			continue
		}
		name := field(obj.Value, "name")
		for _, f := range elems(get(obj.Value, "files", ast.ArrayTerm())) {
			if _, ok := f.Value.(ast.Object); !ok || isFalse(get(f.Value, "exists", ast.BooleanTerm(true))) {
				continue
			}
			path := field(f.Value, "path")
			if path == nil || name == nil {
				continue
			}
			mode := get(f.Value, "mode", empty)
			entries = append(entries, fileEntry{path: path, fields: [9]*ast.Term{
				path, ast.IntNumberTerm(fileRank(f, secret, exts)), mode, perm(mode),
				get(f.Value, "owner", empty), get(f.Value, "group", empty), get(f.Value, "error", empty),
				ast.BooleanTerm(compose[groupKey(name)]), name,
			}})
		}
	}
	for _, x := range elems(materials) {
		m, owner := field(x.Value, "m"), field(x.Value, "owner")
		if m == nil || owner == nil {
			continue
		}
		if _, ok := m.Value.(ast.Object); !ok || isFalse(get(m.Value, "exists", ast.BooleanTerm(true))) {
			continue
		}
		path := field(m.Value, "path")
		if path == nil {
			continue
		}
		mode := get(m.Value, "mode", empty)
		entries = append(entries, fileEntry{path: path, fields: [9]*ast.Term{
			path, ast.IntNumberTerm(materialRank(m, public)), mode, perm(mode),
			get(m.Value, "owner", empty), get(m.Value, "group", empty), empty,
			ast.BooleanTerm(compose[groupKey(owner)]), owner,
		}})
	}
	byPath := map[string][]*ast.Term{}
	var order []*ast.Term
	examined := ast.NewSet()
	for _, e := range entries {
		examined.Add(e.fields[8])
		k := groupKey(e.path)
		if _, seen := byPath[k]; !seen {
			order = append(order, e.path)
		}
		byPath[k] = append(byPath[k], e.term())
	}
	words := elems(get(classes.Value, "class_words", ast.ArrayTerm()))
	dirWord := get(classes.Value, "directory_word", empty)
	out := ast.NewObject()
	for _, p := range order {
		e := merged(byPath[groupKey(p)])
		if len(words) > 0 {
			e = with(e.Value.(ast.Object), [2]*ast.Term{str("class"), classWord(e, words, dirWord)})
		}
		out.Insert(p, e)
	}
	return ast.ObjectTerm(
		[2]*ast.Term{str("files"), ast.NewTerm(out)},
		[2]*ast.Term{str("components"), ast.NewTerm(examined)},
	)
}

var fileKeys = [9]string{"path", "rank", "mode", "perm", "owner", "group", "error", "compose", "component"}

type fileEntry struct {
	path   *ast.Term
	fields [9]*ast.Term // in fileKeys order
}

// perm is [group, other], the permission digits of an octal mode of 3 to
// 6 digits ("0640": [4, 0]), null for anything else (lib.files'
// valid_mode and digit in Go): the mode parsed once, where each test of
// its bits was a call in Rego. The key sorts after "mode", so the least
// entry of a path is the one it was without it (perm follows from mode).
func perm(mode *ast.Term) *ast.Term {
	s, ok := mode.Value.(ast.String)
	if !ok || len(s) < 3 || len(s) > 6 {
		return ast.NullTerm()
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '7' {
			return ast.NullTerm()
		}
	}
	return ast.ArrayTerm(ast.IntNumberTerm(int(s[len(s)-2]-'0')), ast.IntNumberTerm(int(s[len(s)-1]-'0')))
}

func (e fileEntry) term() *ast.Term {
	pairs := make([][2]*ast.Term, len(fileKeys))
	for i, k := range fileKeys {
		pairs[i] = [2]*ast.Term{str(k), e.fields[i]}
	}
	return ast.ObjectTerm(pairs...)
}

// classWord is HARD-11's class_word: what a path is, in messages. The
// certs directory the 8.x automatic setup writes is statted with its TLS
// files (rank 0), but is no file.
func classWord(e *ast.Term, words []*ast.Term, dirWord *ast.Term) *ast.Term {
	r, ok := get(e.Value, "rank", ast.NullTerm()).Value.(ast.Number)
	if !ok {
		return str("")
	}
	rank, ok := r.Int()
	if !ok || rank < 0 || rank >= len(words) {
		return str("")
	}
	if p, ok := get(e.Value, "path", ast.NullTerm()).Value.(ast.String); ok && rank == 0 && strings.HasSuffix(string(p), "/certs") {
		return dirWord
	}
	return words[rank]
}

func isFalse(t *ast.Term) bool {
	b, ok := t.Value.(ast.Boolean)
	return ok && !bool(b)
}

// fileRank is HARD-11's file_rank: a file of a secret role is a secret; a
// TLS file is a secret when its name ends like a key or keystore, else a
// certificate; any other file is configuration.
func fileRank(f *ast.Term, secret *ast.Term, exts []string) int {
	role := field(f.Value, "role")
	if role != nil && member(secret, role) {
		return 2
	}
	if !isString(role, "tls") {
		return 1
	}
	if p, ok := get(f.Value, "path", nil).Value.(ast.String); ok {
		lower := strings.ToLower(string(p))
		for _, e := range exts {
			if strings.HasSuffix(lower, e) {
				return 2
			}
		}
	}
	return 0
}

// materialRank is HARD-11's material_rank: key material is a secret, a
// public role (certificate, CA, trust store) a certificate, anything else
// a secret.
func materialRank(m *ast.Term, public *ast.Term) int {
	role := field(m.Value, "role")
	if isString(role, "key") || isString(role, "keystore") {
		return 2
	}
	if b, ok := get(m.Value, "has_private_key", ast.NullTerm()).Value.(ast.Boolean); ok && bool(b) {
		return 2
	}
	if role != nil && member(public, role) {
		return 0
	}
	return 2
}

// member is coll[x] for a set (or the values of an array or object).
func member(coll, x *ast.Term) bool {
	switch c := coll.Value.(type) {
	case ast.Set:
		return c.Contains(x)
	case *ast.Array:
		found := false
		c.Foreach(func(e *ast.Term) { found = found || e.Equal(x) })
		return found
	}
	return false
}

// merged is HARD-11's merged: the one entry of a path named once, else the
// least of those with a mode (else of all) with the highest rank and
// compose when any is.
func merged(es []*ast.Term) *ast.Term {
	if len(es) == 1 {
		return es[0]
	}
	var withMode []*ast.Term
	rank := field(es[0].Value, "rank")
	compose := false
	for _, e := range es {
		if !isString(field(e.Value, "mode"), "") {
			withMode = append(withMode, e)
		}
		if r := field(e.Value, "rank"); ast.Compare(r, rank) > 0 {
			rank = r
		}
		if b, ok := field(e.Value, "compose").Value.(ast.Boolean); ok && bool(b) {
			compose = true
		}
	}
	if len(withMode) == 0 {
		withMode = es
	}
	return with(least(withMode).Value.(ast.Object),
		[2]*ast.Term{str("rank"), rank},
		[2]*ast.Term{str("compose"), ast.BooleanTerm(compose)})
}
