package finding

import (
	"net/url"
	"strings"
)

// VirtualPath names a resource that has no file (seen through the API or a
// probe) as a stable path, essec/<deployment>/<resource name>/<resource
// kind>, so that every report format (SARIF, GitLab) locates a live-only
// finding at the same place. A resource without a name is the deployment's
// cluster, named after the deployment (as the policies name it); a part
// still empty reads "cluster". Each part is path-escaped.
func (f Finding) VirtualPath() string {
	name := f.Resource.Name
	if name == "" {
		name = f.Deployment
	}
	parts := []string{"essec", f.Deployment, name, f.Resource.Kind}
	for i, p := range parts {
		if p == "" {
			p = "cluster"
		}
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}
