package certs

import (
	"context"
	"crypto/sha256"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/essec-dev/essec/internal/inventory"
)

// Shared is what the collections of one deployment's nodes and Kibana
// instances have in common: a file that several of them name (the CA file,
// a shared certificate) is read once per resolved path, and each distinct
// content is parsed and described once whatever its path, since copies of
// the CA file sit in every node's config directory. Give one Shared to
// every Request of one deployment, and a new one to the next deployment: a
// file may change between two. Safe for concurrent use.
type Shared struct {
	mu     sync.Mutex
	files  map[string]*readEntry
	built  map[builtKey]*builtEntry
	known  *wellKnown
	knownO sync.Once
	// reads and parses count the files read and contents parsed (tests).
	reads, parses atomic.Int64
}

// NewShared returns an empty cache for one deployment.
func NewShared() *Shared {
	return &Shared{files: map[string]*readEntry{}, built: map[builtKey]*builtEntry{}}
}

// readEntry is one path's read: the evidence fields of the file (mode,
// owner, readable, error) and the SHA-256 of its content. The content
// itself is not kept once parsed.
type readEntry struct {
	once sync.Once
	ev   inventory.TLSMaterial
	sum  [sha256.Size]byte
	data []byte // only until the first parse; nil afterwards
}

// builtKey names a parse: the same content opened with the same passwords
// for the same role gives the same material.
type builtKey struct {
	sum           [sha256.Size]byte
	pw, keyPw     [sha256.Size]byte
	product, role string
}

type builtEntry struct {
	once sync.Once
	m    Material
}

// wellKnown returns the system roots, loaded once.
func (s *Shared) wellKnown() *wellKnown {
	s.knownO.Do(func() { s.known = newWellKnown() })
	return s.known
}

// read fills ev's file fields for path and returns the content's digest,
// and the content when this call read it (nil when an earlier one did).
// ok is false when the file could not be read (ev says why).
func (s *Shared) read(ctx context.Context, path string, ev *inventory.TLSMaterial, owners *ownerCache) (data []byte, sum [sha256.Size]byte, ok bool) {
	if err := ctx.Err(); err != nil {
		// Never cached: a cancelled run says so for every file.
		return readMaterial(ctx, path, ev, owners), sum, false
	}
	s.mu.Lock()
	e := s.files[path]
	if e == nil {
		e = &readEntry{}
		s.files[path] = e
	}
	s.mu.Unlock()
	e.once.Do(func() {
		s.reads.Add(1)
		e.data = readMaterial(ctx, path, &e.ev, owners)
		if e.data != nil {
			e.sum = sha256.Sum256(e.data)
		}
	})
	f := e.ev
	ev.Path, ev.Exists, ev.Readable, ev.Error = f.Path, f.Exists, f.Readable, f.Error
	ev.Mode, ev.Owner, ev.Group = f.Mode, f.Owner, f.Group
	if !ev.Readable {
		return nil, e.sum, false
	}
	s.mu.Lock()
	data, e.data = e.data, nil
	s.mu.Unlock()
	return data, e.sum, true
}

// material returns the material built from content sum opened with pw and
// keyPw for role, building it once with build (which must re-read the
// content when data is nil).
func (s *Shared) material(key builtKey, build func() Material) Material {
	s.mu.Lock()
	e := s.built[key]
	if e == nil {
		e = &builtEntry{}
		s.built[key] = e
	}
	s.mu.Unlock()
	e.once.Do(func() {
		s.parses.Add(1)
		e.m = build()
	})
	return e.m
}

// passwordKey identifies a candidate password (its value, where it came
// from and the setting that held it) without keeping it.
func passwordKey(p *password) [sha256.Size]byte {
	if p == nil {
		return [sha256.Size]byte{}
	}
	h := sha256.New()
	h.Write([]byte(p.source))
	h.Write([]byte{0})
	h.Write([]byte(p.setting))
	h.Write([]byte{0})
	h.Write(p.value)
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// withFile returns a copy of a shared material carrying one file's own
// evidence (its setting, context, role, path, mode and owner).
func (m Material) withFile(ev inventory.TLSMaterial) Material {
	built := m.Evidence
	ev.Format, ev.HasPrivateKey, ev.PasswordSource = built.Format, built.HasPrivateKey, built.PasswordSource
	ev.Certificates = slices.Clone(built.Certificates)
	if built.KeyMatchesCertificate != nil {
		match := *built.KeyMatchesCertificate
		ev.KeyMatchesCertificate = &match
	}
	ev.KeyError, ev.Error = built.KeyError, built.Error
	m.Evidence = ev
	return m
}
