package collect

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/essec-dev/essec/internal/collect/certs"
	"github.com/essec-dev/essec/internal/collect/compose"
)

// The config directories of the official images: relative paths in the
// settings resolve there inside the container.
// Kibana resolves relative paths against its working directory, its home.
const (
	esContainerConfig   = "/usr/share/elasticsearch/config"
	kibanaContainerHome = "/usr/share/kibana"
	kibanaPackageHome   = "/usr/share/kibana"
)

// hostConfigDirs are the conventional config directories of package and
// image installs: an audited copy of a host's configuration names its
// files under them.
var hostConfigDirs = map[string][]string{
	compose.KindElasticsearch: {"/etc/elasticsearch", "/usr/share/elasticsearch/config"},
	compose.KindKibana:        {"/etc/kibana", "/usr/share/kibana/config"},
}

// containerLocator resolves a path as a compose service's container sees it
// to the host file behind it, through the service's bind mounts and
// file-backed secrets and configs (the longest matching target wins).
// Relative paths resolve where the product resolves them: Elasticsearch
// against its config directory (where the service mounts elasticsearch.yml,
// else the image's), Kibana against its home. A path that no bind mount
// serves lives in the container (a named volume or the image) and is never
// read from the machine running essec.
func containerLocator(svc *compose.Service) func(string) (certs.Location, bool) {
	if svc == nil {
		return nil
	}
	configDir := containerConfigDir(svc)
	return func(p string) (certs.Location, bool) {
		if strings.Contains(p, "${") {
			return unresolvedLocation(p), true
		}
		cp := p
		if !path.IsAbs(cp) {
			cp = path.Join(configDir, cp)
		}
		v, rest, ok := longestMount(svc.Volumes, cp)
		if !ok {
			return certs.Location{Unexamined: fmt.Sprintf(
				"%s lives in the container's own filesystem (service %s mounts nothing there); audit inside the container or pass the files", cp, svc.Name)}, true
		}
		if v.HostPath == "" {
			what := "the container's volume " + orDash(v.Source)
			if v.Type == "tmpfs" {
				what = "a tmpfs of the container"
			}
			return certs.Location{Unexamined: fmt.Sprintf(
				"%s lives in %s (service %s); audit inside the container or pass the files", cp, what, svc.Name)}, true
		}
		if _, err := os.Stat(v.HostPath); err != nil {
			return certs.Location{Unexamined: fmt.Sprintf(
				"%s is bind-mounted from %s, which does not exist here (service %s): not examined", cp, v.HostPath, svc.Name)}, true
		}
		host := filepath.Join(v.HostPath, filepath.FromSlash(rest))
		return certs.Location{Path: host, Note: fmt.Sprintf("%s in the container of service %s, bind-mounted from %s", cp, svc.Name, host)}, true
	}
}

// containerConfigDir is where a service's product reads relative paths.
func containerConfigDir(svc *compose.Service) string {
	if svc.Kind == compose.KindKibana {
		return kibanaContainerHome
	}
	dir := esContainerConfig
	for _, v := range svc.Volumes {
		if path.Base(v.Target) == "elasticsearch.yml" {
			dir = path.Dir(v.Target)
		}
	}
	return dir
}

// longestMount finds the mount whose target holds cp, the longest target
// winning, and the rest of cp below it.
func longestMount(volumes []compose.Volume, cp string) (compose.Volume, string, bool) {
	best := -1
	var found compose.Volume
	for _, v := range volumes {
		if v.Target == "" {
			continue
		}
		t := path.Clean(v.Target)
		if len(t) <= best {
			continue
		}
		if cp == t || strings.HasPrefix(cp, t+"/") || t == "/" {
			best, found = len(t), v
		}
	}
	if best < 0 {
		return compose.Volume{}, "", false
	}
	return found, strings.TrimPrefix(strings.TrimPrefix(cp, path.Clean(found.Target)), "/"), true
}

func unresolvedLocation(p string) certs.Location {
	return certs.Location{Unexamined: fmt.Sprintf("the path %s holds a ${VAR} that nothing essec was given defines: its file is unknown", p)}
}

func orDash(s string) string {
	if s == "" {
		return "(anonymous)"
	}
	return s
}

// hostLocator resolves the paths of a configuration read from a directory
// (a host's config directory or a copy of it). Unresolved ${VAR} make the
// file unknown. With root (--root), every absolute path is read under the
// offline copy of the host's filesystem. Without it, an absolute path under
// the product's conventional config directory (/etc/elasticsearch/certs/x)
// whose relative part exists in the directory given is read there: the
// directory is an audited copy of that config directory. Relative paths
// resolve as the product resolves them: Elasticsearch against its config
// directory, Kibana against its home (its working directory).
func hostLocator(kind, configDir, root string) func(string) (certs.Location, bool) {
	return func(p string) (certs.Location, bool) {
		if strings.Contains(p, "${") {
			return unresolvedLocation(p), true
		}
		if !filepath.IsAbs(p) {
			if kind == compose.KindKibana {
				return kibanaRelative(configDir, root, p), true
			}
			return certs.Location{}, false
		}
		if root != "" {
			host := filepath.Join(root, filepath.FromSlash(p))
			return certs.Location{Path: host, Note: fmt.Sprintf("%s read under --root as %s", p, host)}, true
		}
		if configDir == "" {
			return certs.Location{}, false
		}
		abs, err := filepath.Abs(configDir)
		if err != nil {
			return certs.Location{}, false
		}
		for _, conv := range hostConfigDirs[kind] {
			rel, ok := strings.CutPrefix(filepath.Clean(p), conv+string(filepath.Separator))
			if !ok || abs == conv {
				continue
			}
			local := filepath.Join(abs, rel)
			if _, err := os.Lstat(local); err == nil {
				return certs.Location{Path: local, Note: fmt.Sprintf("%s read from the audited copy %s", p, local)}, true
			}
		}
		return certs.Location{}, false
	}
}

// kibanaRelative resolves a relative path of kibana.yml against Kibana's
// home: the parent of its config directory for an archive install, and
// /usr/share/kibana (under --root when given) for a package install whose
// configuration lives in /etc/kibana.
func kibanaRelative(configDir, root, p string) certs.Location {
	if configDir == "" {
		return certs.Location{Path: filepath.Clean(p)}
	}
	abs, err := filepath.Abs(configDir)
	if err != nil {
		abs = configDir
	}
	packaged := filepath.Base(abs) == "kibana" && filepath.Base(filepath.Dir(abs)) == "etc"
	if !packaged {
		host := filepath.Join(filepath.Dir(abs), p)
		return certs.Location{Path: host, Note: fmt.Sprintf("%s resolved against Kibana's home %s", p, filepath.Dir(abs))}
	}
	if root != "" || abs == "/etc/kibana" {
		host := filepath.Join(root, kibanaPackageHome, p)
		return certs.Location{Path: host, Note: fmt.Sprintf("%s resolved against Kibana's home %s", p, kibanaPackageHome)}
	}
	return certs.Location{Unexamined: fmt.Sprintf(
		"%s is relative: Kibana resolves it against its home (%s for a package install), which was not given; pass --root with a copy of the host's filesystem", p, kibanaPackageHome)}
}

// locator says where the TLS files of a node or Kibana instance are read:
// through its container's mounts for a compose service, else from its
// config directory (under --root when given).
func (b *builder) locator(kind, configDir string, svc *compose.Service) func(string) (certs.Location, bool) {
	if svc != nil {
		return containerLocator(svc)
	}
	return hostLocator(kind, configDir, b.req.Deployment.Root)
}

// serviceEnv resolves ${VAR} in a mounted config file the way the container
// does: the service's own environment first, then what the deployment
// defines.
func serviceEnv(svc *compose.Service, env func(string) (string, bool)) func(string) (string, bool) {
	if svc == nil {
		return env
	}
	return func(name string) (string, bool) {
		if e, ok := svc.EnvOnly[name]; ok && !e.Unresolved {
			return e.Value, true
		}
		return env(name)
	}
}
