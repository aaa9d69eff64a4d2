package collect

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/essec-dev/essec/internal/collect/compose"
)

// The config directories of the official images: relative paths in the
// settings resolve there inside the container.
// Kibana resolves relative paths against its working directory, its home.
const (
	esContainerConfig   = "/usr/share/elasticsearch/config"
	kibanaContainerHome = "/usr/share/kibana"
)

// containerPaths maps a path as a compose service's container sees it to
// the host file behind it, through the service's bind mounts and
// file-backed secrets and configs (the longest matching target wins).
// Relative paths resolve where the product resolves them: Elasticsearch
// against its config directory (where the service mounts elasticsearch.yml,
// else the image's), Kibana against its home.
func containerPaths(svc *compose.Service) func(string) (string, bool) {
	if svc == nil {
		return nil
	}
	configDir := kibanaContainerHome
	if svc.Kind != "kibana" {
		configDir = esContainerConfig
		for _, v := range svc.Volumes {
			if path.Base(v.Target) == "elasticsearch.yml" {
				configDir = path.Dir(v.Target)
			}
		}
	}
	return func(p string) (string, bool) {
		cp := p
		if !path.IsAbs(cp) {
			cp = path.Join(configDir, cp)
		}
		best, host := -1, ""
		for _, v := range svc.Volumes {
			t := path.Clean(v.Target)
			if v.HostPath == "" || v.Target == "" || len(t) <= best {
				continue
			}
			if cp == t || strings.HasPrefix(cp, t+"/") {
				best, host = len(t), filepath.Join(v.HostPath, filepath.FromSlash(strings.TrimPrefix(cp, t)))
			}
		}
		return host, best >= 0
	}
}

// serviceEnv resolves ${VAR} in a mounted config file the way the container
// does: the service's own environment first, then essec's.
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

// kibanaHomePaths resolves a relative path of a Kibana installed from an
// archive or package the way Kibana does, against its home (the parent of
// the config directory), when the file is there and not in the config dir.
func kibanaHomePaths(configDir string) func(string) (string, bool) {
	if configDir == "" {
		return nil
	}
	return func(p string) (string, bool) {
		if filepath.IsAbs(p) || fileExists(filepath.Join(configDir, p)) {
			return "", false
		}
		home := filepath.Join(filepath.Dir(configDir), p)
		return home, fileExists(home)
	}
}
