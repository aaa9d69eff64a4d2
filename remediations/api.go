package remediations

import (
	"fmt"
	"io"
	"strings"
)

// Cluster privileges the API steps need (GET /_security/user/_has_privileges).
const (
	PrivManageServiceAccount = "manage_service_account"
	PrivManageSecurity       = "manage_security"
	PrivManage               = "manage"
)

// APIPrivileges lists every privilege an API step may need, for one
// _has_privileges request before planning.
var APIPrivileges = []string{PrivManageServiceAccount, PrivManageSecurity, PrivManage}

// Cluster is what the planner knows of the live cluster: nil when fix runs
// without --url (API steps are then manual).
type Cluster struct {
	// Version is the version the cluster reports ("8.15.1").
	Version string
	// Privileges maps a cluster privilege to whether the credentials hold
	// it; a missing key is unknown (the check failed).
	Privileges map[string]bool
	// PrivilegeError says why the privileges are unknown.
	PrivilegeError string
	// Host names the machine essec runs on, in generated token names.
	Host string
}

// has reports whether the credentials hold priv and, if not, why.
func (c *Cluster) has(priv string) (bool, string) {
	ok, known := c.Privileges[priv]
	switch {
	case ok:
		return true, ""
	case known:
		return false, fmt.Sprintf("the credentials essec uses lack the cluster privilege %s (GET /_security/user/_has_privileges)", priv)
	case c.PrivilegeError != "":
		return false, "the privileges of the credentials could not be checked: " + c.PrivilegeError
	}
	return false, "the privileges of the credentials could not be checked"
}

// APICall is a request a step sends to the cluster, as the plan shows it:
// the body has its secrets masked.
type APICall struct {
	Method     string   `json:"method"`
	Path       string   `json:"path"`
	Body       string   `json:"body,omitempty"`
	Privileges []string `json:"privileges"`
	Reversible bool     `json:"reversible"`
	// Undo is the request that reverts the call, or why none can.
	Undo string `json:"undo"`
}

// APIDraft is a request a module proposes.
type APIDraft struct {
	Call APICall
	// Body is the real body (with the secret); Call.Body is the masked view.
	Body []byte
	// Secret is a value the call makes live (a new password), written to
	// --secrets-out before the request; Label names it there.
	Secret []byte
	Label  string
	// Token is set for a service token creation: the token name is chosen
	// when applying and the value the cluster returns goes into Entry of
	// the Kibana keystores in Into (planned with a placeholder).
	Token *TokenTarget
	// Undo is the request that reverts a reversible call, sent when a
	// later step fails.
	Undo *UndoRequest
}

// UndoRequest reverts a call.
type UndoRequest struct {
	Method, Path string
	Body         []byte
}

// TokenTarget says where a created service token is stored.
type TokenTarget struct {
	Service     string // "elastic/kibana"
	Entry       string // "elasticsearch.serviceAccountToken"
	Into        []string
	placeholder []byte
}

// apiCall is a planned request with what applying it needs.
type apiCall struct {
	step  *Step
	index int // in step.API
	APIDraft
}

func (a *apiCall) view() *APICall { return &a.step.API[a.index] }

// addAPI records a draft's requests on its step.
func (p *Plan) addAPI(s *Step, d Draft) {
	for _, a := range d.API {
		s.API = append(s.API, a.Call)
		p.calls = append(p.calls, &apiCall{step: s, index: len(s.API) - 1, APIDraft: a})
		if len(a.Secret) > 0 {
			p.secrets = append(p.secrets, a.Secret)
		}
		if a.Token != nil && len(a.Token.placeholder) > 0 {
			p.secrets = append(p.secrets, a.Token.placeholder)
		}
	}
}

// CreatesSecrets reports whether applying the plan makes a new secret live
// through the API (a password, a service token): --secrets-out is then
// required.
func (p *Plan) CreatesSecrets() bool {
	for _, c := range p.calls {
		if len(c.Secret) > 0 || c.Token != nil {
			return true
		}
	}
	return false
}

// HasAPICalls reports whether applying the plan sends write requests.
func (p *Plan) HasAPICalls() bool { return len(p.calls) > 0 }

// writeAPIText prints a step's requests for a person.
func writeAPIText(w io.Writer, s *Step) {
	for _, c := range s.API {
		fmt.Fprintf(w, "   request %s %s", c.Method, c.Path)
		if c.Body != "" {
			fmt.Fprintf(w, " %s", c.Body)
		}
		fmt.Fprintf(w, "\n     needs %s; ", strings.Join(c.Privileges, ", "))
		if c.Reversible {
			fmt.Fprintf(w, "undo: %s\n", c.Undo)
		} else {
			fmt.Fprintf(w, "IRREVERSIBLE: %s\n", c.Undo)
		}
	}
}

// tokenNameChars keeps what Elasticsearch accepts in a token name.
func tokenNameChars(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == '.':
			b.WriteRune('-')
		}
	}
	out := strings.TrimLeft(b.String(), "_-")
	if out == "" {
		return "host"
	}
	if len(out) > 40 {
		out = out[:40]
	}
	return out
}
