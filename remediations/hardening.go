package remediations

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/format/yamledit"
	"github.com/essec-dev/essec/internal/inventory"
)

// The modules below repair hardening and Kibana checks whose fix depends on
// which settings a component writes: each reads the failing component's
// settings, as the check's Rego does, and changes only those.

// settingsWith lists the settings whose name ends in suffix and whose value
// satisfies bad, sorted.
func settingsWith(s map[string]inventory.Setting, suffix string, bad func(inventory.Setting) bool) []string {
	var out []string
	for k, v := range s {
		if strings.HasSuffix(k, suffix) && bad(v) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func lower(s inventory.Setting) string { return strings.ToLower(strings.TrimSpace(s.Value)) }

// nodeDrafts turns per-node changes into drafts; plan returns the changes
// for one node, or a reason when essec must not change it.
func nodeDrafts(c *Context, failing []finding.Finding, title string, plan func(n *inventory.Node) ([]yamledit.Change, []string, string)) []Draft {
	return componentDrafts(failing, nodeTargets(c.Doc, failing), "node", title+" on node %s", RestartRolling,
		func(n *inventory.Node) string { return n.Name }, plan,
		func(n *inventory.Node, changes []yamledit.Change, keys []string) (SettingsEdit, string) {
			return nodeEdit(n, changes, keys...)
		})
}

// kibanaDrafts is nodeDrafts for Kibana instances.
func kibanaDrafts(c *Context, failing []finding.Finding, title string, plan func(kb *inventory.Kibana) ([]yamledit.Change, []string, string)) []Draft {
	return componentDrafts(failing, kibanaTargets(c.Doc, failing), "kibana", title+" on Kibana %s", RestartKibana,
		func(kb *inventory.Kibana) string { return kb.Name }, plan,
		func(kb *inventory.Kibana, changes []yamledit.Change, keys []string) (SettingsEdit, string) {
			if why := editable(kb.ConfigFile, kb.Settings, keys...); why != "" {
				return SettingsEdit{}, why
			}
			return SettingsEdit{Path: kb.ConfigFile, Dialect: yamlconf.Kibana, Changes: changes}, ""
		})
}

// componentDrafts makes one draft per failing component (node or Kibana
// instance): plan says what to change or why essec must not, edit where
// the change goes or why it cannot be made there; either reason makes the
// draft a manual step.
func componentDrafts[T any](failing []finding.Finding, targets []T, kind, titleFormat string, restart Restart,
	name func(T) string,
	plan func(T) ([]yamledit.Change, []string, string),
	edit func(T, []yamledit.Change, []string) (SettingsEdit, string),
) []Draft {
	var out []Draft
	for _, target := range targets {
		checks := checksFor(failing, kind, name(target))
		t := fmt.Sprintf(titleFormat, name(target))
		changes, manual, why := plan(target)
		if why == "" && len(changes) == 0 {
			why = "no setting essec can change causes the failure: see the finding"
		}
		if why != "" {
			out = append(out, manualDraft(t, checks, why, manual...))
			continue
		}
		keys := make([]string, len(changes))
		for i, ch := range changes {
			keys[i] = ch.Key
		}
		e, why := edit(target, changes, keys)
		if why != "" {
			out = append(out, manualDraft(t, checks, why, manual...))
			continue
		}
		out = append(out, Draft{Title: t, Checks: checks, Restart: restart, Settings: []SettingsEdit{e}, Manual: manual})
	}
	return out
}

// verificationMode replaces verification_mode none (HARD-04) with
// certificate: the peer's chain is verified again, host names are not,
// so certificates issued without matching SANs (elasticsearch-certutil's
// default for transport) keep working. A context with no trust material
// (certificate_authorities, truststore or keystore) is left to the
// operator: verifying there would refuse every peer.
type verificationMode struct{}

func (verificationMode) ID() string       { return "verification-mode-certificate" }
func (verificationMode) Checks() []string { return []string{"HARD-04"} }

func (verificationMode) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	isNone := func(s inventory.Setting) bool { return lower(s) == "none" }
	out := nodeDrafts(c, failing, "verify peer certificates", func(n *inventory.Node) ([]yamledit.Change, []string, string) {
		var changes []yamledit.Change
		var untrusted []string
		for _, name := range settingsWith(n.Settings, ".verification_mode", isNone) {
			prefix := strings.TrimSuffix(name, "verification_mode")
			if !hasAny(n.Settings, prefix+"certificate_authorities", prefix+"truststore.path", prefix+"keystore.path") {
				untrusted = append(untrusted, name)
				continue
			}
			changes = append(changes, set(name, "certificate"))
		}
		manual := fullNote(changes)
		if len(untrusted) > 0 {
			why := fmt.Sprintf("%s: no certificate_authorities, truststore or keystore is configured next to it, so verifying would refuse every peer; give that context the CA that signs the peer's certificate, then set verification_mode: full (or certificate)", strings.Join(untrusted, ", "))
			if len(changes) == 0 {
				return nil, nil, why
			}
			manual = append(manual, why)
		}
		return changes, manual, ""
	})
	out = append(out, kibanaDrafts(c, failing, "verify Elasticsearch's certificate", func(kb *inventory.Kibana) ([]yamledit.Change, []string, string) {
		var changes []yamledit.Change
		var manual []string
		for _, name := range settingsWith(kb.Settings, ".verificationMode", isNone) {
			prefix := strings.TrimSuffix(name, "verificationMode")
			if !hasAny(kb.Settings, prefix+"certificateAuthorities", prefix+"truststore.path", prefix+"keystore.path") {
				return nil, nil, fmt.Sprintf("%s: no certificateAuthorities is configured next to it, so verifying would refuse the server; set %scertificateAuthorities to the CA that signs it, then remove %s", name, prefix, name)
			}
			changes = append(changes, set(name, "certificate"))
		}
		if s, ok := kb.Settings["xpack.actions.rejectUnauthorized"]; ok && lower(s) == "false" {
			return nil, nil, "xpack.actions.rejectUnauthorized is false: connectors reach hosts essec does not know; replace it with xpack.actions.ssl.verificationMode: full (or per-host xpack.actions.customHostSettings) after checking each connector's certificate"
		}
		return changes, append(manual, fullNote(changes)...), ""
	})...)
	return out, nil
}

func fullNote(changes []yamledit.Change) []string {
	if len(changes) == 0 {
		return nil
	}
	return []string{"verification is now \"certificate\" (chain checked, host name not); once the peers' certificates carry SANs that match the names used to reach them, remove the setting so the default \"full\" applies"}
}

func hasAny(s map[string]inventory.Setting, keys ...string) bool {
	for _, k := range keys {
		if v, ok := s[k]; ok && (v.Value != "" || len(v.List) > 0) {
			return true
		}
	}
	return false
}

// tlsProtocols replaces protocol lists that name SSLv3, TLS 1.0 or 1.1
// (HARD-02) with TLS 1.3 and 1.2. The bundled JDK already refuses the old
// protocols, so no client that connects today is cut off.
type tlsProtocols struct{}

func (tlsProtocols) ID() string       { return "tls-protocols" }
func (tlsProtocols) Checks() []string { return []string{"HARD-02"} }

func weakProtocols(s inventory.Setting) bool {
	items := s.List
	if len(items) == 0 && s.Value != "" {
		items = strings.Split(s.Value, ",")
	}
	for _, p := range items {
		if slices.Contains([]string{"sslv2hello", "sslv3", "tlsv1", "tlsv1.1"}, strings.ToLower(strings.TrimSpace(p))) {
			return true
		}
	}
	return false
}

func (tlsProtocols) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	out := nodeDrafts(c, failing, "restrict TLS to 1.2 and 1.3", func(n *inventory.Node) ([]yamledit.Change, []string, string) {
		var changes []yamledit.Change
		for _, name := range settingsWith(n.Settings, "ssl.supported_protocols", weakProtocols) {
			changes = append(changes, yamledit.Set(name, yamledit.List("TLSv1.3", "TLSv1.2")))
		}
		if len(changes) == 0 {
			return nil, nil, "no supported_protocols setting names an old protocol: an endpoint accepting TLS 1.0/1.1 is re-enabled by a JVM option or java.security file (-Djava.security.properties) essec does not edit"
		}
		return changes, nil, ""
	})
	out = append(out, kibanaDrafts(c, failing, "restrict TLS to 1.2 and 1.3", func(kb *inventory.Kibana) ([]yamledit.Change, []string, string) {
		const name = "server.ssl.supportedProtocols"
		if s, ok := kb.Settings[name]; ok && weakProtocols(s) {
			return []yamledit.Change{yamledit.Set(name, yamledit.List("TLSv1.2", "TLSv1.3"))}, nil, ""
		}
		return nil, nil, "kibana.yml names no old protocol: the TLS 1.0/1.1 the probe saw comes from a proxy in front of Kibana or Node.js options (--tls-min-v1.0) essec does not edit"
	})...)
	return out, nil
}

// passwordHashing removes weak password and credential-cache hashing
// settings (HARD-20) so the defaults apply: bcrypt for passwords
// (pbkdf2_stretch is set instead under FIPS mode, which refuses bcrypt)
// and ssha256 for caches. Stored hashes keep verifying: Elasticsearch
// reads the algorithm from each hash.
type passwordHashing struct{}

func (passwordHashing) ID() string       { return "password-hashing-default" }
func (passwordHashing) Checks() []string { return []string{"HARD-20"} }

const passwordHash = "xpack.security.authc.password_hashing.algorithm"

func weakPassword(v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	return !(strings.HasPrefix(v, "bcrypt") || strings.HasPrefix(v, "pbkdf2"))
}

func weakCache(s inventory.Setting) bool {
	return slices.Contains([]string{"noop", "clear_text", "md5", "sha1"}, lower(s))
}

func (passwordHashing) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	return nodeDrafts(c, failing, "restore strong credential hashing", func(n *inventory.Node) ([]yamledit.Change, []string, string) {
		var changes []yamledit.Change
		var manual []string
		if s, ok := n.Settings[passwordHash]; ok && weakPassword(s.Value) {
			if fips, ok := n.Settings["xpack.security.fips_mode.enabled"]; ok && lower(fips) == "true" {
				changes = append(changes, set(passwordHash, "pbkdf2_stretch"))
			} else {
				changes = append(changes, yamledit.Remove(passwordHash))
			}
			manual = append(manual, "passwords stored with the old hash keep working but stay weak: have the native realm's users (and the built-in users) change their passwords")
		}
		for name, s := range n.Settings {
			if !strings.HasPrefix(name, "xpack.security.authc.") || !weakCache(s) {
				continue
			}
			if strings.HasSuffix(name, ".cache.hash_algo") || name == "xpack.security.authc.api_key.hashing.algorithm" {
				changes = append(changes, yamledit.Remove(name))
			}
		}
		sort.Slice(changes, func(i, j int) bool { return changes[i].Key < changes[j].Key })
		return changes, manual, ""
	}), nil
}

// kibanaHeaderDefaults removes the server.securityResponseHeaders settings
// that switch off or weaken a default header (KIB-06), so Kibana's
// defaults apply. Headers re-added through server.customResponseHeaders
// are left to the operator: essec does not know why they were added.
type kibanaHeaderDefaults struct{}

func (kibanaHeaderDefaults) ID() string       { return "kibana-header-defaults" }
func (kibanaHeaderDefaults) Checks() []string { return []string{"KIB-06"} }

func weakHeader(suffix, v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	switch {
	case v == "" || v == "null" || v == "~":
		return true
	case suffix == "referrerPolicy":
		return v == "unsafe-url" || v == "no-referrer-when-downgrade"
	case suffix == "crossOriginOpenerPolicy":
		return v == "unsafe-none"
	case suffix == "xContentTypeOptions":
		return v != "nosniff"
	}
	return false
}

func (kibanaHeaderDefaults) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	return kibanaDrafts(c, failing, "restore default security headers", func(kb *inventory.Kibana) ([]yamledit.Change, []string, string) {
		var changes []yamledit.Change
		for _, suffix := range []string{"crossOriginOpenerPolicy", "permissionsPolicy", "referrerPolicy", "xContentTypeOptions"} {
			name := "server.securityResponseHeaders." + suffix
			if s, ok := kb.Settings[name]; ok && weakHeader(suffix, s.Value) {
				changes = append(changes, yamledit.Remove(name))
			}
		}
		var custom []string
		for name := range kb.Settings {
			if strings.HasPrefix(name, "server.customResponseHeaders.") {
				custom = append(custom, name)
			}
		}
		if len(changes) == 0 {
			return nil, nil, "no server.securityResponseHeaders setting disables a header: the weak header comes from server.customResponseHeaders or a proxy; remove it there"
		}
		var manual []string
		if len(custom) > 0 {
			sort.Strings(custom)
			manual = append(manual, "check "+strings.Join(custom, ", ")+": a custom header can still override the defaults")
		}
		return changes, manual, ""
	}), nil
}

// kibanaSecureCookies marks the session cookie Secure (KIB-10) when
// browsers reach Kibana over https: through a proxy (server.publicBaseUrl
// https) or because this plan turns on Kibana's TLS. Then the flag cannot
// cut anyone off. With plain http the fix is
// TLS (HTTPS-06), a manual step here. A sameSiteCookies value Kibana
// rejects is removed; SameSite None is kept, as only the operator knows
// whether Kibana is embedded in another site.
type kibanaSecureCookies struct{}

func (kibanaSecureCookies) ID() string       { return "kibana-secure-cookies" }
func (kibanaSecureCookies) Checks() []string { return []string{"KIB-10"} }

func (kibanaSecureCookies) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	return kibanaDrafts(c, failing, "mark the session cookie Secure", func(kb *inventory.Kibana) ([]yamledit.Change, []string, string) {
		st := func(k string) string { return lower(kb.Settings[k]) }
		secure := st("server.ssl.enabled") == "true" || st("xpack.security.secureCookies") == "true"
		httpsBase := strings.HasPrefix(st("server.publicBaseUrl"), "https://")
		// An earlier step of this plan may turn on Kibana's own TLS
		// (kibana-server-tls): browsers then reach it over https.
		if e, ok, err := fileValue(c, kb.ConfigFile, yamlconf.Kibana, "server.ssl.enabled"); err == nil && ok && strings.EqualFold(e.Value, "true") {
			httpsBase = true
		}
		var changes []yamledit.Change
		var manual []string
		if !secure && !httpsBase {
			return nil, nil, "Kibana serves plain http and server.publicBaseUrl is not https: a Secure cookie would never be sent back; enable TLS first (HTTPS-06), or set server.publicBaseUrl and xpack.security.secureCookies: true when a TLS proxy fronts Kibana"
		}
		if !secure {
			changes = append(changes, set("xpack.security.secureCookies", "true"))
		}
		if s, ok := kb.Settings["xpack.security.sameSiteCookies"]; ok {
			switch lower(s) {
			case "strict", "lax":
			case "none":
				manual = append(manual, "xpack.security.sameSiteCookies is None: remove it unless Kibana must be embedded in another site")
			default:
				changes = append(changes, yamledit.Remove("xpack.security.sameSiteCookies"))
			}
		}
		return changes, manual, ""
	}), nil
}
