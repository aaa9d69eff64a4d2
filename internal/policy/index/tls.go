package index

import (
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TLSIndex is essec.tls_index(lib.component_list, cert_roles), cert_roles
// being the material roles of files that hold certificates
// (tls.cert_roles): an object with
//
//   - materials: tls.material_list, {"component", "owner", "m"} per TLS
//     material entry of each component, in document order;
//   - certificates: tls.certificate_list, one entry per certificate of
//     each material, in document order;
//   - unreadable: tls.unreadable_materials, the set of material entries
//     of certificate-bearing files without a certificate.
func TLSIndex(components, certRoles *ast.Term) *ast.Term {
	var materials, certs []*ast.Term
	unreadable := ast.NewSet()
	for _, c := range elems(components) {
		kind, obj := field(c.Value, "kind"), field(c.Value, "obj")
		if kind == nil || obj == nil {
			continue
		}
		owner := field(obj.Value, "name")
		if owner == nil {
			continue // the entry is undefined in Rego
		}
		for _, m := range elems(get(obj.Value, "tls_material", ast.ArrayTerm())) {
			x := ast.ObjectTerm(
				[2]*ast.Term{str("component"), kind},
				[2]*ast.Term{str("owner"), owner},
				[2]*ast.Term{str("m"), m},
			)
			materials = append(materials, x)
			if _, ok := m.Value.(ast.Object); !ok {
				continue // object.get and m.path are undefined
			}
			role := get(m.Value, "role", str(""))
			certList := get(m.Value, "certificates", ast.ArrayTerm())
			if member(certRoles, role) {
				if a, ok := certList.Value.(*ast.Array); !ok || a.Len() == 0 {
					unreadable.Add(x)
				}
			}
			path := field(m.Value, "path")
			if path == nil {
				continue
			}
			for _, cert := range elems(certList) {
				e := ast.ObjectTerm(
					[2]*ast.Term{str("component"), kind},
					[2]*ast.Term{str("owner"), owner},
					[2]*ast.Term{str("path"), path},
					[2]*ast.Term{str("setting"), get(m.Value, "setting", str(""))},
					[2]*ast.Term{str("role"), role},
					[2]*ast.Term{str("context"), get(m.Value, "context", str(""))},
					[2]*ast.Term{str("cert"), cert},
				)
				certs = append(certs, e)
			}
		}
	}
	return ast.ObjectTerm(
		[2]*ast.Term{str("materials"), ast.ArrayTerm(materials...)},
		[2]*ast.Term{str("certificates"), ast.ArrayTerm(certs...)},
		[2]*ast.Term{str("unreadable"), ast.NewTerm(unreadable)},
	)
}

// certKey is tls.cert_key(cert): sha256|subject|serial, each "" when
// absent; false where Rego's is undefined (no object, or a part that is
// not a string).
func certKey(cert *ast.Term) (string, bool) {
	if _, ok := cert.Value.(ast.Object); !ok {
		return "", false
	}
	parts := make([]string, 3)
	for i, k := range []string{"sha256", "subject", "serial"} {
		s, ok := get(cert.Value, k, str("")).Value.(ast.String)
		if !ok {
			return "", false
		}
		parts[i] = string(s)
	}
	return strings.Join(parts, "|"), true
}

// certEntry is one entry of certificate_list with its key.
type certEntry struct {
	term        *ast.Term
	key         string
	path, owner *ast.Term
	presented   bool
	leaf        bool // presented and no CA: is_ca absent or false
}

// UniqueCerts is essec.unique_certs(tls.certificate_list,
// tls.presented_roles), tls.unique_cert_list: each certificate once by its
// key (sha256|subject|serial, tls.cert_key), in key order, with every
// location and owner. For each
// key, the entry kept is the least, in sort order, of the entries at the
// first path (in sort order) that present the certificate (a presented
// role), else of all entries at that path; it gains "locations"
// (every path, sorted), "owners" (every owner, sorted), "presented_leaf"
// (whether some entry of the key presents it, in a presented role, and is
// no CA certificate: HARD-08's presented_keys) and, when its path is a
// string, "file_name" (the path's last element, lib.base, which
// tls.cert_label shows). The fields gained are added to the entry chosen,
// so they take no part in the choice.
func UniqueCerts(certs, presentedRoles *ast.Term) *ast.Term {
	var entries []certEntry
	for _, e := range elems(certs) {
		cert, path, owner := field(e.Value, "cert"), field(e.Value, "path"), field(e.Value, "owner")
		if cert == nil || path == nil || owner == nil {
			continue
		}
		if key, ok := certKey(cert); ok {
			role := field(e.Value, "role")
			presented := role != nil && member(presentedRoles, role)
			isCA := field(cert.Value, "is_ca")
			entries = append(entries, certEntry{term: e, key: key, path: path, owner: owner, presented: presented,
				leaf: presented && (isCA == nil || isFalse(isCA))})
		}
	}
	byKey := map[string][]certEntry{}
	var keys []string
	for _, e := range entries {
		if _, seen := byKey[e.key]; !seen {
			keys = append(keys, e.key)
		}
		byKey[e.key] = append(byKey[e.key], e)
	}
	sort.Strings(keys)
	out := make([]*ast.Term, 0, len(keys))
	for _, k := range keys {
		es := byKey[k]
		paths := make([]*ast.Term, len(es))
		owners := make([]*ast.Term, len(es))
		for i, e := range es {
			paths[i], owners[i] = e.path, e.owner
		}
		paths, owners = sortedSet(paths), sortedSet(owners)
		var atFirst, presented []*ast.Term
		leaf := false
		for _, e := range es {
			leaf = leaf || e.leaf
			if ast.Compare(e.path, paths[0]) != 0 {
				continue
			}
			atFirst = append(atFirst, e.term)
			if e.presented {
				presented = append(presented, e.term)
			}
		}
		if len(presented) == 0 {
			presented = atFirst
		}
		chosen := least(presented)
		extra := [][2]*ast.Term{
			{str("locations"), ast.ArrayTerm(paths...)},
			{str("owners"), ast.ArrayTerm(owners...)},
			{str("presented_leaf"), ast.BooleanTerm(leaf)},
		}
		if p, ok := field(chosen.Value, "path").Value.(ast.String); ok {
			extra = append(extra, [2]*ast.Term{str("file_name"), ast.StringTerm(string(p[strings.LastIndexByte(string(p), '/')+1:]))})
		}
		out = append(out, with(chosen.Value.(ast.Object), extra...))
	}
	return ast.ArrayTerm(out...)
}

// ByPath is tls.by_path(xs) for a set or array of material entries
// ({"owner", "m"}): one entry per file path, {"path", "m", "settings",
// "owners"}, with the m of the path's first entry (in the order of xs, a
// set's being its sort order), and the sorted settings and owners of every
// entry naming that path.
func ByPath(xs *ast.Term) *ast.Term {
	var list []*ast.Term
	switch v := xs.Value.(type) {
	case ast.Set:
		list = arrayElems(v.Sorted())
	case *ast.Array:
		list = arrayElems(v)
	}
	type group struct {
		first            *ast.Term
		settings, owners []*ast.Term
	}
	groups := map[string]*group{}
	var order []*ast.Term
	for _, x := range list {
		m := field(x.Value, "m")
		if m == nil {
			continue
		}
		path := field(m.Value, "path")
		if path == nil {
			continue
		}
		owner := field(x.Value, "owner")
		setting := get(m.Value, "setting", str(""))
		k := groupKey(path)
		g := groups[k]
		if g == nil {
			g = &group{first: m}
			groups[k] = g
			order = append(order, path)
		}
		g.settings = append(g.settings, setting)
		if owner != nil {
			g.owners = append(g.owners, owner)
		}
	}
	out := ast.NewSet()
	for _, path := range order {
		g := groups[groupKey(path)]
		out.Add(ast.ObjectTerm(
			[2]*ast.Term{str("path"), path},
			[2]*ast.Term{str("m"), g.first},
			[2]*ast.Term{str("settings"), ast.ArrayTerm(sortedSet(g.settings)...)},
			[2]*ast.Term{str("owners"), ast.ArrayTerm(sortedSet(g.owners)...)},
		))
	}
	return ast.NewTerm(out)
}
