package fakees

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strings"
)

// RouteHasPrivileges is the privileges check essec fix makes (GET with a
// body, as Elasticsearch documents it).
const RouteHasPrivileges = "GET /_security/user/_has_privileges"

// Writes configures the security write APIs essec fix calls: service
// token creation and deletion for elastic/kibana, and password changes.
type Writes struct {
	// Privileges is the cluster part of the _has_privileges answer; nil
	// grants manage_service_account, manage_security and manage.
	Privileges map[string]bool
	// TokenValue is the value of every created token.
	TokenValue string
	// TokenConflicts makes the first N token creations answer 409 (the name
	// exists).
	TokenConflicts int
	// PasswordStatus answers POST /_security/user/<name>/_password for a
	// user with this status instead of 200.
	PasswordStatus map[string]int
}

// WithSecurityWrites adds the write APIs to a scenario. Requests are
// recorded with their bodies (Server.Requests).
func WithSecurityWrites(sc Scenario, w Writes) Scenario {
	sc.Routes = maps.Clone(sc.Routes)
	privs := w.Privileges
	if privs == nil {
		privs = map[string]bool{"manage_service_account": true, "manage_security": true, "manage": true}
	}
	b, _ := json.Marshal(map[string]any{"username": "auditor", "has_all_requested": !strings.Contains(fmt.Sprint(privs), "false"), "cluster": privs, "index": map[string]any{}, "application": map[string]any{}})
	sc.Routes[RouteHasPrivileges] = Response{Body: b}
	const tokens = "/_security/service/elastic/kibana/credential/token/"
	conflicts := w.TokenConflicts
	next := sc.Unmatched
	sc.Unmatched = func(r *http.Request) Response {
		switch {
		case r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, tokens):
			if conflicts > 0 {
				conflicts--
				return JSON(http.StatusConflict, `{"error":{"root_cause":[{"type":"version_conflict_engine_exception","reason":"document already exists"}],"type":"version_conflict_engine_exception","reason":"document already exists"},"status":409}`)
			}
			name := strings.TrimPrefix(r.URL.Path, tokens)
			out, _ := json.Marshal(map[string]any{"created": true, "token": map[string]string{"name": name, "value": w.TokenValue}})
			return Response{Body: out}
		case r.Method == http.MethodDelete && strings.HasPrefix(r.URL.Path, tokens):
			return JSON(http.StatusOK, `{"found":true}`)
		case r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/_security/user/") && strings.HasSuffix(r.URL.Path, "/_password"):
			user := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/_security/user/"), "/_password")
			if st := w.PasswordStatus[user]; st != 0 {
				return JSON(st, fmt.Sprintf(`{"error":{"type":"exception","reason":"cannot change the password of [%s]"},"status":%d}`, user, st))
			}
			return JSON(http.StatusOK, `{}`)
		}
		if next != nil {
			return next(r)
		}
		return NoHandler()
	}
	return sc
}
