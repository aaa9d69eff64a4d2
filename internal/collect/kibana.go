package collect

import (
	"context"
	"crypto/x509"
	"path/filepath"
	"time"

	"github.com/essec-dev/essec/internal/collect/certs"
	"github.com/essec-dev/essec/internal/collect/compose"
	"github.com/essec-dev/essec/internal/collect/kibanaconfig"
	"github.com/essec-dev/essec/internal/inventory"
)

// kibanaInstance reads one Kibana config dir (or file) and its keystore.
func (b *builder) kibanaInstance(ctx context.Context, path string, svc *compose.Service) {
	k, err := kibanaconfig.Load(ctx, path, serviceEnv(svc, b.req.Env))
	if err != nil {
		b.unreadableKibana(path, svc, err)
		return
	}
	b.doc.CollectionErrors = append(b.doc.CollectionErrors, k.Problems...)
	bag := newSecretBag()
	kb := inventory.Kibana{
		ConfigDir: k.ConfigDir, ConfigFile: k.ConfigFile, Origin: "config-dir", Readable: true,
		Settings: convertSettings(k.Settings, "file", b.req.Redactor, bag, b.req.Seen, b.names.isSecret),
		Files:    append([]inventory.FileInfo{}, k.Files...),
		Errors:   []inventory.CollectionError{},
	}
	if svc != nil {
		b.applyKibanaCompose(&kb, svc, bag)
	}
	if svc != nil {
		kb.Keystore = b.containerKeystore(svc, &kb.Errors, bag)
	} else {
		kb.Keystore = b.keystore("kibana", k.KeystorePath, &kb.Errors, bag)
	}
	kb.Name = instanceName(kb.Settings, "server.name", k.ConfigFile, svc, "kibana")
	b.kibanaCerts(ctx, &kb, bag, svc)
	b.doc.Kibana = append(b.doc.Kibana, kb)
}

// unreadableKibana keeps the row of an instance whose configuration was
// given but could not be read or parsed (Readable false).
func (b *builder) unreadableKibana(path string, svc *compose.Service, err error) {
	b.addError("kibanaconfig", path, err)
	dir, file := givenConfig(path, "kibana.yml")
	kb := inventory.Kibana{
		ConfigDir: dir, ConfigFile: file, Origin: "config-dir",
		Settings: map[string]inventory.Setting{}, Files: []inventory.FileInfo{},
		TLSMaterial: []inventory.TLSMaterial{}, Trust: []inventory.TrustResult{},
		Errors: []inventory.CollectionError{{Source: "kibanaconfig", File: path, Message: b.req.Seen.Scrub(err.Error())}},
	}
	if svc != nil {
		kb.Compose = composeEvidence(svc)
	}
	kb.Name = instanceName(nil, "", file, svc, "kibana")
	b.doc.Kibana = append(b.doc.Kibana, kb)
	b.kibanaCA = append(b.kibanaCA, nil) // kibanaCA follows doc.Kibana
}

// kibanaComposeInstance builds a Kibana instance from a compose service.
func (b *builder) kibanaComposeInstance(ctx context.Context, s *compose.Service) {
	bag := newSecretBag()
	kb := inventory.Kibana{
		Origin: "compose", ConfigFile: s.Settings.Path, ConfigDir: filepath.Dir(s.Settings.Path), Readable: true,
		Settings: map[string]inventory.Setting{}, Files: []inventory.FileInfo{}, Errors: []inventory.CollectionError{},
		// Keystore stays nil: it lives in the container, not examined
		// (like a compose Elasticsearch node's).
	}
	b.applyKibanaCompose(&kb, s, bag)
	kb.Name = instanceName(kb.Settings, "server.name", "", s, "kibana")
	kb.Keystore = b.containerKeystore(s, &kb.Errors, bag)
	b.kibanaCerts(ctx, &kb, bag, s)
	b.doc.Kibana = append(b.doc.Kibana, kb)
}

func (b *builder) applyKibanaCompose(kb *inventory.Kibana, s *compose.Service, bag *secretBag) {
	env := convertSettings(s.Settings, "compose", b.req.Redactor, bag, b.req.Seen, b.names.isSecret)
	kb.Settings = mergeSettings(kb.Settings, env)
	kb.Compose = composeEvidence(s)
	b.setVersion(s.Version, "compose-image")
}

func (b *builder) kibanaCerts(ctx context.Context, kb *inventory.Kibana, bag *secretBag, svc *compose.Service) {
	c := certs.CollectKibana(ctx, certs.Request{
		ConfigDir: kb.ConfigDir, Settings: kb.Settings, Secret: bag.lookup, Now: b.req.Now, Shared: b.shared,
		Locate: b.locator(compose.KindKibana, kb.ConfigDir, b.pathContext(kb.ConfigDir, kb.ConfigFile, svc)),
	})
	b.kibanaCA = append(b.kibanaCA, c.Anchors(certs.ContextKibanaElasticsearch))
	mats, trust, cerrs := c.Evidence(), c.Trust, c.Errors
	for _, e := range cerrs {
		e.Message = b.req.Seen.Scrub(e.Message)
		b.doc.CollectionErrors = append(b.doc.CollectionErrors, e)
		kb.Errors = append(kb.Errors, e)
	}
	kb.TLSMaterial, kb.Trust = nonNil(mats), nonNilTrust(trust)
}

// kibanaTrust matches each Kibana's elasticsearch.hosts to the nodes they
// name (kibanaTargets) and judges whether the Kibana's elasticsearch.ssl
// CAs sign those nodes' HTTP certificates (HTTPS-05): it needs both sides,
// so it runs once every file was read. Each distinct pair of CA set and
// node chain is verified once (see trustMemo).
//
// A Kibana is judged against every node only when it may reach any of
// them (everyNodeTrust); otherwise against the nodes its hosts name. Either
// way the verdicts stay in proportion to nodes + Kibanas, not their
// product (200 Kibanas x 4,000 nodes made 800,000 verdicts).
func (b *builder) kibanaTrust() {
	memo := newTrustMemo(b.judge)
	nodes := b.doc.Elasticsearch.Nodes
	chains := make([]*certs.LeafChain, len(nodes))
	keys := make([]string, len(nodes))
	for i := range nodes {
		if i >= len(b.nodeCerts) {
			break
		}
		if chain, ok := b.nodeCerts[i].LeafChain(certs.ContextHTTP); ok {
			chains[i], keys[i] = &chain, certsKey(chain.Certificates)
		}
	}
	addrs := newNodeAddresses(nodes, chains)
	everyNode := map[string][]inventory.TrustResult{} // by CA set
	for i := range b.doc.Kibana {
		kb := &b.doc.Kibana[i]
		if !kb.Readable || kb.Origin == "live" {
			continue
		}
		targets, reached := addrs.kibanaTargets(kb)
		kb.ElasticsearchTargets = targets
		if i >= len(b.kibanaCA) || len(b.kibanaCA[i]) == 0 || targets == nil {
			continue
		}
		roots := b.kibanaCA[i]
		rootsKey := certsKey(roots)
		if targets.Scope != "hosts" {
			list, ok := everyNode[rootsKey]
			if !ok {
				list = everyNodeTrust(memo, roots, rootsKey, chains, keys, b.req.Now)
				everyNode[rootsKey] = list
			}
			kb.Trust = append(kb.Trust, list...)
			continue
		}
		for _, j := range reached {
			if chains[j] != nil {
				kb.Trust = append(kb.Trust, memo.verdict(certs.ContextKibanaElasticsearch, roots, rootsKey, *chains[j], keys[j], b.req.Now))
			}
		}
	}
}

// everyNodeTrust judges roots against every node's HTTP chain and keeps
// every chain they do not verify, with its reason, but only the first one
// they do: HTTPS-05 needs the failures by name and only whether any chain
// was verified. Kibanas behind a load balancer usually share one CA file,
// so the list is computed once per CA set and a fleet of Kibanas that may
// each reach every node does not multiply the nodes' verdicts.
func everyNodeTrust(memo *trustMemo, roots []*x509.Certificate, rootsKey string, chains []*certs.LeafChain, keys []string, now time.Time) []inventory.TrustResult {
	var out []inventory.TrustResult
	trusted := false
	for j, c := range chains {
		if c == nil {
			continue
		}
		v := memo.verdict(certs.ContextKibanaElasticsearch, roots, rootsKey, *c, keys[j], now)
		if v.Trusted && trusted {
			continue
		}
		trusted = trusted || v.Trusted
		out = append(out, v)
	}
	return out
}
