package certs

import (
	"context"

	"github.com/essec-dev/essec/internal/inventory"
)

// collectSource names this collector in CollectionErrors.
const collectSource = "certs"

// run holds what one collection shares across its files.
type run struct {
	req     Request
	product string
	owners  ownerCache
	shared  *Shared
}

// collect reads every referenced file, pairs separate key and certificate
// files, and judges trust per context.
func collect(ctx context.Context, req Request, refs []fileRef, product string) Collection {
	r := &run{req: req, product: product, shared: req.Shared}
	if r.shared == nil {
		r.shared = NewShared()
	}
	var out Collection
	for _, ref := range refs {
		if err := ctx.Err(); err != nil {
			out.Errors = append(out.Errors, inventory.CollectionError{
				Source: collectSource, Message: "certificate collection stopped: " + err.Error(),
			})
			break
		}
		out.Materials = append(out.Materials, r.material(ctx, ref))
	}
	pairKeys(out.Materials)
	out.Trust = trustResults(out.Materials, req.Now)
	return out
}

// material reads and parses the file of one ref, through the
// deployment's Shared cache: a path read by another node is not read again,
// a content parsed for another node is not parsed again.
func (r *run) material(ctx context.Context, ref fileRef) Material {
	ev := inventory.TLSMaterial{Setting: ref.setting, Context: ref.context, Role: ref.role,
		Format: FormatUnknown, Certificates: []inventory.Certificate{}}
	loc := r.req.resolve(ref.path)
	if loc.Unexamined != "" {
		// Not a file of this machine: never "does not exist". Checks read
		// exists with readable false as "could not be read by essec",
		// with the reason.
		ev.Path, ev.Exists, ev.Error, ev.Unexamined = ref.path, true, loc.Unexamined, true
		return Material{Evidence: ev}
	}
	data, sum, ok := r.shared.read(ctx, loc.Path, &ev, &r.owners)
	if loc.Note != "" {
		ev.ResolvedFrom, ev.Note = ref.path, loc.Note
	}
	if !ok {
		return Material{Evidence: ev}
	}
	pw := r.secret(ref.passwords)
	keyPw := r.secret(ref.keyPasswords)
	defer pw.clear()
	defer keyPw.clear()
	key := builtKey{sum: sum, pw: passwordKey(pw), keyPw: passwordKey(keyPw), product: r.product, role: ref.role}
	m := r.shared.material(key, func() Material {
		if data == nil {
			// Read for another role or password, and not kept: read again.
			var again inventory.TLSMaterial
			if data = readMaterial(ctx, loc.Path, &again, &r.owners); data == nil {
				return Material{Evidence: inventory.TLSMaterial{Format: FormatUnknown, Error: again.Error}}
			}
		}
		c := parseContent(data, pw, keyPw)
		if msg := expectation(r.product, ref.role, c); msg != "" {
			c.problems = append(c.problems, msg)
		}
		return buildMaterial(inventory.TLSMaterial{}, c, r.shared.wellKnown())
	})
	return m.withFile(ev)
}

// secret returns the first of names that Request.Secret knows, or nil.
func (r *run) secret(names []string) *password {
	if r.req.Secret == nil {
		return nil
	}
	for _, n := range names {
		if v, src, ok := r.req.Secret(n); ok {
			return &password{value: v, source: src, setting: n}
		}
	}
	return nil
}

// clear wipes a password's value; nil-safe.
func (p *password) clear() {
	if p != nil {
		clear(p.value)
	}
}

// expectation words a mismatch between what a setting needs and what the
// file holds, when the parser itself found nothing wrong.
func expectation(product, role string, c content) string {
	if len(c.problems) > 0 {
		return ""
	}
	switch role {
	case RoleKeystore, RoleTruststore:
		if c.format == FormatPEM {
			return "a PEM file where a keystore (PKCS#12" + jksUnless(product) + ") is expected"
		}
		if c.format == FormatJKS && product == productKibana {
			return "Kibana reads PKCS#12 keystores only, not JKS"
		}
		if role == RoleKeystore && !c.hasKey {
			return "no private key in keystore"
		}
		if role == RoleTruststore && len(c.certs) == 0 {
			return "no certificate in file"
		}
	case RoleCertificate, RoleCertificateAuthorities, RoleKey:
		if c.format != FormatPEM {
			return "not PEM: a " + c.format + " file where PEM is expected"
		}
		if role == RoleKey && !c.hasKey {
			return "no private key in file"
		}
		if role != RoleKey && len(c.certs) == 0 {
			return "no certificate in file"
		}
	}
	return ""
}

func jksUnless(product string) string {
	if product == productKibana {
		return ""
	}
	return " or JKS"
}

// pairKeys sets KeyMatchesCertificate on separate PEM key files: whether the
// key belongs to the first certificate of the same context's certificate file.
func pairKeys(ms []Material) {
	for i := range ms {
		k := &ms[i]
		if k.Evidence.Role != RoleKey || len(k.publicKeys) == 0 || len(k.Certificates) > 0 {
			continue
		}
		for j := range ms {
			c := &ms[j]
			if c.Evidence.Context != k.Evidence.Context || c.Evidence.Role != RoleCertificate || len(c.Certificates) == 0 {
				continue
			}
			match := samePublicKey(k.publicKeys[0], c.Certificates[0].PublicKey)
			k.Evidence.KeyMatchesCertificate = &match
			if !match && k.Evidence.KeyError == "" {
				k.Evidence.KeyError = KeyErrorMismatch
			}
			break
		}
	}
}
