package policy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// unsafeBuiltins are the OPA built-ins a policy may not call: the network
// ones (an audit only sends GET and HEAD to the audited cluster, whatever
// a policy does) and opa.runtime (it returns essec's environment, where
// credentials live). net.cidr_expand and the other pure functions stay.
var unsafeBuiltins = []string{"http.send", "net.lookup_ip_addr", "opa.runtime"}

func unsafeBuiltinSet() map[string]struct{} {
	m := make(map[string]struct{}, len(unsafeBuiltins))
	for _, b := range unsafeBuiltins {
		m[b] = struct{}{}
	}
	return m
}

// explainUnsafe adds the reason to a compile error that names a refused
// built-in.
func explainUnsafe(errs ast.Errors) error {
	for _, e := range errs {
		if strings.Contains(e.Message, "unsafe built-in function") {
			names := append([]string(nil), unsafeBuiltins...)
			sort.Strings(names)
			return fmt.Errorf("compile policies: %w (policies are read-only: they cannot call %s)", errs, strings.Join(names, ", "))
		}
	}
	return fmt.Errorf("compile policies: %w", errs)
}
