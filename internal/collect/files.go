package collect

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/essec-dev/essec/internal/collect/certs"
	"github.com/essec-dev/essec/internal/collect/compose"
	"github.com/essec-dev/essec/internal/collect/esconfig"
	"github.com/essec-dev/essec/internal/inventory"
)

// collectFiles reads every config dir, file and compose service.
func (b *builder) collectFiles(ctx context.Context, src sources) {
	// Compose services that mount a config file found on disk are merged
	// with that file's node or instance instead of being counted twice.
	mountedES, mountedKB := map[string][]*compose.Service{}, map[string][]*compose.Service{}
	var composeOnly []*compose.Service
	for _, path := range src.compose {
		f, err := compose.LoadData(ctx, path, src.composeData[path], b.req.Env)
		if err != nil {
			b.addError("compose", path, err)
			if f != nil {
				for i := range f.Services {
					b.noteMountContext(path, &f.Services[i])
				}
			}
			continue
		}
		b.doc.CollectionErrors = append(b.doc.CollectionErrors, f.Problems...)
		for i := range f.Services {
			s := &f.Services[i]
			if s.Kind == "" {
				b.noteMountContext(path, s)
				continue
			}
			if mounted := mountedConfig(path, s); mounted != "" {
				if s.Kind == "elasticsearch" {
					mountedES[mounted] = append(mountedES[mounted], s)
				} else {
					mountedKB[mounted] = append(mountedKB[mounted], s)
				}
				// The mounted file is audited even when the path given was
				// only the compose file.
				if s.Kind == "elasticsearch" && !contains(src.es, mounted) {
					src.es = append(src.es, mounted)
				}
				if s.Kind == "kibana" && !contains(src.kibana, mounted) {
					src.kibana = append(src.kibana, mounted)
				}
				continue
			}
			composeOnly = append(composeOnly, s)
		}
	}
	b.collectParallel(ctx, src.es, mountedES, (*builder).esNode)
	b.collectParallel(ctx, src.kibana, mountedKB, (*builder).kibanaInstance)
	for _, s := range composeOnly {
		b.req.Workers.cpu(ctx, func() {
			if s.Kind == "elasticsearch" {
				b.esComposeNode(ctx, s)
			} else {
				b.kibanaComposeInstance(ctx, s)
			}
		})
	}
	uniqueNames(b.doc)
}

// noteMountContext remembers the config files an unclassified service
// mounts: when such a file is audited (it was found on disk), its paths
// are the container's. The service itself is not a node.
func (b *builder) noteMountContext(composePath string, s *compose.Service) {
	if s.Unclassified == "" {
		return
	}
	for _, kind := range []string{compose.KindElasticsearch, compose.KindKibana} {
		c := *s
		c.Kind = kind
		if m := mountedConfig(composePath, &c); m != "" {
			if b.mountCtx == nil {
				b.mountCtx = map[string]*compose.Service{}
			}
			b.mountCtx[m] = &c
		}
	}
}

// eachMount calls build for every config path: once per compose service
// that mounts it (a config file shared by several services makes one node
// per service), or once with no service when none does.
func eachMount(paths []string, mounted map[string][]*compose.Service, build func(string, *compose.Service)) {
	for _, p := range paths {
		svcs := mounted[p]
		if len(svcs) == 0 {
			build(p, nil)
		}
		for _, s := range svcs {
			build(p, s)
		}
	}
}

// mountedConfig finds the host file a service mounts as its main config,
// resolved against the compose file's directory; "" when none exists.
func mountedConfig(composePath string, s *compose.Service) string {
	want := "elasticsearch.yml"
	if s.Kind == "kibana" {
		want = "kibana.yml"
	}
	for _, v := range s.Volumes {
		if v.HostPath != "" && (path.Clean(v.Target) == esContainerConfig || path.Clean(v.Target) == kibanaContainerHome+"/config") &&
			fileExists(filepath.Join(v.HostPath, want)) {
			// The whole config directory is mounted.
			if abs, err := filepath.Abs(v.HostPath); err == nil {
				return abs
			}
		}
		if filepath.Base(v.Target) != want || v.Source == "" {
			continue
		}
		src := v.Source
		if !filepath.IsAbs(src) {
			src = filepath.Join(filepath.Dir(composePath), src)
		}
		if !fileExists(src) {
			continue
		}
		abs, err := filepath.Abs(src)
		if err != nil {
			continue
		}
		// Config dirs are keyed by directory, like discover does.
		if filepath.Base(abs) == want {
			return filepath.Dir(abs)
		}
		return abs
	}
	return ""
}

// esNode reads one node's config dir (or file), keystore and TLS material.
func (b *builder) esNode(ctx context.Context, path string, svc *compose.Service) {
	n, err := esconfig.Load(ctx, path, serviceEnv(svc, b.req.Env))
	if err != nil {
		b.unreadableNode(path, svc, err)
		return
	}
	b.doc.CollectionErrors = append(b.doc.CollectionErrors, n.Problems...)
	bag := newSecretBag()
	node := inventory.Node{
		ConfigDir: n.ConfigDir, ConfigFile: n.ConfigFile, Origin: "config-dir", Readable: true, AutoConfigBlock: n.AutoConfigBlock,
		Settings:   convertSettings(n.Settings, "file", b.req.Redactor, bag, b.req.Seen, b.names.isSecret),
		JVMOptions: redactJVMOptions(n.JVMOptions, b.req.Seen),
		Files:      append([]inventory.FileInfo{}, n.Files...),
		Errors:     []inventory.CollectionError{},
	}
	if svc != nil {
		b.applyCompose(&node, svc, bag)
	}
	b.setVersion(n.Version, n.VersionSource)
	node.Name = instanceName(node.Settings, "node.name", n.ConfigFile, svc, "node")
	if svc != nil {
		node.Keystore = b.containerKeystore(svc, &node.Errors, bag)
	} else {
		node.Keystore = b.keystore("elasticsearch", n.KeystorePath, &node.Errors, bag)
	}
	node.TLSMaterial, node.Trust, node.Errors = b.esCerts(ctx, node, bag, svc)
	b.doc.Elasticsearch.Nodes = append(b.doc.Elasticsearch.Nodes, node)
}

// unreadableNode keeps the row of a node whose configuration was given but
// could not be read or parsed: its name, where it is and why, with
// Readable false, so that the cluster's shape and the node's checks are
// unknown rather than judged as if the node did not exist.
func (b *builder) unreadableNode(path string, svc *compose.Service, err error) {
	b.addError("esconfig", path, err)
	dir, file := givenConfig(path, "elasticsearch.yml")
	node := inventory.Node{
		ConfigDir: dir, ConfigFile: file, Origin: "config-dir",
		Settings: map[string]inventory.Setting{}, JVMOptions: []string{}, Files: []inventory.FileInfo{},
		TLSMaterial: []inventory.TLSMaterial{}, Trust: []inventory.TrustResult{},
		Errors: []inventory.CollectionError{{Source: "esconfig", File: path, Message: b.req.Seen.Scrub(err.Error())}},
	}
	if svc != nil {
		node.Compose = composeEvidence(svc)
	}
	node.Name = instanceName(nil, "", file, svc, "node")
	b.doc.Elasticsearch.Nodes = append(b.doc.Elasticsearch.Nodes, node)
	b.nodeCerts = append(b.nodeCerts, certs.Collection{}) // nodeCerts follows the nodes
}

// givenConfig names the config directory and settings file of a path given
// as either.
func givenConfig(path, name string) (dir, file string) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	if st, err := os.Stat(abs); err == nil && st.IsDir() {
		return abs, filepath.Join(abs, name)
	}
	return filepath.Dir(abs), abs
}

// esComposeNode builds a node from a compose service's environment alone.
func (b *builder) esComposeNode(ctx context.Context, s *compose.Service) {
	bag := newSecretBag()
	node := inventory.Node{
		Origin: "compose", ConfigFile: s.Settings.Path, Readable: true,
		Settings: map[string]inventory.Setting{}, JVMOptions: []string{}, Files: []inventory.FileInfo{},
		Errors: []inventory.CollectionError{},
	}
	b.applyCompose(&node, s, bag)
	imageDefaults(&node, s)
	node.ConfigDir = filepath.Dir(s.Settings.Path)
	node.Name = instanceName(node.Settings, "node.name", "", s, "node")
	node.Keystore = b.containerKeystore(s, &node.Errors, bag)
	node.TLSMaterial, node.Trust, node.Errors = b.esCerts(ctx, node, bag, s)
	b.doc.Elasticsearch.Nodes = append(b.doc.Elasticsearch.Nodes, node)
}

// imageDefaults adds what the official image's own elasticsearch.yml sets
// when the service does not mount one: network.host 0.0.0.0, so the node
// binds every interface of its container (not loopback).
func imageDefaults(node *inventory.Node, s *compose.Service) {
	for _, k := range []string{"network.host", "network.bind_host", "transport.host", "transport.bind_host"} {
		if _, ok := node.Settings[k]; ok {
			return
		}
	}
	node.Settings["network.host"] = inventory.Setting{Value: "0.0.0.0", List: []string{"0.0.0.0"}, Source: "image-default", File: s.Settings.Path, Line: s.Line}
}

// applyCompose overlays a compose service's environment on a node.
func (b *builder) applyCompose(node *inventory.Node, s *compose.Service, bag *secretBag) {
	env := convertSettings(s.Settings, "compose", b.req.Redactor, bag, b.req.Seen, b.names.isSecret)
	node.Settings = mergeSettings(node.Settings, env)
	node.JVMOptions = append(node.JVMOptions, redactJVMOptions(s.JVMOptions, b.req.Seen)...)
	node.Compose = composeEvidence(s)
	for name, e := range s.EnvOnly {
		if b.names.isSecret(name) && e.Value != "" {
			b.req.Seen.Add(e.Value)
		}
	}
	b.setVersion(s.Version, "compose-image")
}

// composeEvidence is what a node's or Kibana instance's row says of the
// compose service it runs as.
func composeEvidence(s *compose.Service) *inventory.ComposeService {
	return &inventory.ComposeService{
		File: s.Settings.Path, Service: s.Name, Hostname: s.Hostname, ContainerName: s.ContainerName,
		Image: s.Image, User: s.User, Ports: append([]string{}, s.Ports...),
	}
}

// containerKeystore reads the keystore a compose service's container uses
// when it is bind-mounted, like any other. A keystore that lives in the
// container is not examined (nil), except that the official image writes
// ELASTIC_PASSWORD (or ELASTIC_PASSWORD_FILE) into it as
// bootstrap.password: that entry is modelled, names only, and the keystore
// still counts as not read. A mount whose source is missing is an error.
func (b *builder) containerKeystore(svc *compose.Service, errs *[]inventory.CollectionError, bag *secretBag) *inventory.Keystore {
	kind, name := "elasticsearch", "elasticsearch.keystore"
	cp := path.Join(containerConfigDir(svc), name)
	if svc.Kind == compose.KindKibana {
		kind, name = "kibana", "kibana.keystore"
		cp = kibanaContainerHome + "/config/" + name
	}
	loc, _ := containerLocator(svc)(cp)
	if loc.Path != "" && fileExists(loc.Path) {
		return b.keystore(kind, loc.Path, errs, bag)
	}
	if loc.Path == "" && fileMounted(svc, cp) {
		err := fmt.Errorf("keystore %s: %s", cp, loc.Unexamined)
		*errs = append(*errs, inventory.CollectionError{Source: "keystore", File: svc.Settings.Path, Message: err.Error()})
		b.addError("keystore", svc.Settings.Path, err)
		return &inventory.Keystore{Path: cp, Entries: []string{}, Error: loc.Unexamined}
	}
	if kind == "elasticsearch" {
		for _, v := range []string{"ELASTIC_PASSWORD", "ELASTIC_PASSWORD_FILE"} {
			if e, ok := svc.EnvOnly[v]; ok && e.Value != "" && !e.Unresolved {
				from := fmt.Sprintf("%s in the environment of compose service %s", v, svc.Name)
				// Present: the image creates the keystore at start.
				return &inventory.Keystore{
					Path: cp, Present: true, Entries: []string{"bootstrap.password"}, Modelled: true, ModelledFrom: from,
					Error: fmt.Sprintf("not read (the container makes it at start); the image writes %s into it as bootstrap.password, its other entries are unknown", v),
				}
			}
		}
	}
	// The container makes its keystore at start when none is mounted:
	// not examined.
	return nil
}

// pathContext is the compose service whose container a config file's paths
// refer to: the node's own, or an unclassified service that mounts it.
func (b *builder) pathContext(dir, file string, svc *compose.Service) *compose.Service {
	if svc != nil {
		return svc
	}
	if s, ok := b.mountCtx[dir]; ok {
		return s
	}
	return b.mountCtx[file]
}

// fileMounted reports whether a mount backed by a host file or directory
// (a bind mount, a file-backed secret or config) serves cp in the
// service's container.
func fileMounted(svc *compose.Service, cp string) bool {
	v, _, ok := longestMount(svc.Volumes, cp)
	return ok && (v.Type == "bind" || v.Type == "secret" || v.Type == "config")
}

func (b *builder) keystore(kind, path string, errs *[]inventory.CollectionError, bag *secretBag) *inventory.Keystore {
	if path == "" {
		return &inventory.Keystore{Entries: []string{}}
	}
	ks, err := readKeystore(kind, path, b.req.KeystorePassword, b.req.Redactor, bag, b.req.Seen)
	if err != nil {
		*errs = append(*errs, inventory.CollectionError{Source: "keystore", File: path, Message: b.req.Seen.Scrub(err.Error())})
		b.addError("keystore", path, err)
	}
	return ks
}

func (b *builder) esCerts(ctx context.Context, node inventory.Node, bag *secretBag, svc *compose.Service) ([]inventory.TLSMaterial, []inventory.TrustResult, []inventory.CollectionError) {
	c := certs.CollectElasticsearch(ctx, certs.Request{
		ConfigDir: node.ConfigDir, Settings: node.Settings, Secret: bag.lookup, Now: b.req.Now, Shared: b.shared,
		Locate: b.locator(compose.KindElasticsearch, node.ConfigDir, b.pathContext(node.ConfigDir, node.ConfigFile, svc)),
	})
	b.nodeCerts = append(b.nodeCerts, c)
	mats, trust, cerrs := c.Evidence(), c.Trust, c.Errors
	// Scrub in place: the node's own errors are these too.
	for i := range cerrs {
		cerrs[i].Message = b.req.Seen.Scrub(cerrs[i].Message)
		b.doc.CollectionErrors = append(b.doc.CollectionErrors, cerrs[i])
	}
	return nonNil(mats), nonNilTrust(trust), append(node.Errors, cerrs...)
}

// instanceName names a node or Kibana instance: its own name setting
// (node.name, server.name) when set and resolved, then the compose service,
// then the name of a single config file with its own name, else the config
// directory (its parent when it is called "config"), then
// fallback.
func instanceName(settings map[string]inventory.Setting, setting, configFile string, svc *compose.Service, fallback string) string {
	if v, ok := settings[setting]; ok && v.Value != "" && !strings.Contains(v.Value, "${") {
		return v.Value
	}
	if svc != nil {
		return svc.Name
	}
	if configFile != "" {
		// A single file with its own name ("es01.yml") names the node;
		// a standard config dir is named after the directory.
		if name := filepath.Base(configFile); name != "elasticsearch.yml" && name != "kibana.yml" {
			return strings.TrimSuffix(name, filepath.Ext(name))
		}
		dir := filepath.Dir(configFile)
		base := filepath.Base(dir)
		if base == "config" {
			base = filepath.Base(filepath.Dir(dir))
		}
		return base
	}
	return fallback
}

// uniqueNames suffixes duplicate node and instance names (two config dirs
// both called "config" would otherwise share findings and fingerprints).
func uniqueNames(doc *inventory.Document) {
	seen := map[string]int{}
	for i := range doc.Elasticsearch.Nodes {
		n := &doc.Elasticsearch.Nodes[i]
		seen[n.Name]++
		if c := seen[n.Name]; c > 1 {
			n.Name = fmt.Sprintf("%s-%d", n.Name, c)
		}
	}
	seen = map[string]int{}
	for i := range doc.Kibana {
		k := &doc.Kibana[i]
		seen[k.Name]++
		if c := seen[k.Name]; c > 1 {
			k.Name = fmt.Sprintf("%s-%d", k.Name, c)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func nonNil(m []inventory.TLSMaterial) []inventory.TLSMaterial {
	if m == nil {
		return []inventory.TLSMaterial{}
	}
	return m
}

func nonNilTrust(t []inventory.TrustResult) []inventory.TrustResult {
	if t == nil {
		return []inventory.TrustResult{}
	}
	return t
}
