package cluster

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// essec fix's requests get the audit's error classes and hints.
func TestDescribeFailure(t *testing.T) {
	o := Options{URLs: []string{"https://es01:9200"}, Username: "fixer", Password: []byte("x"), Timeout: 5 * time.Second}
	tests := []struct {
		status int
		body   string
		err    error
		class  string
		hint   string
	}{
		{401, `{"error":{"type":"security_exception","reason":"unable to authenticate user [fixer]"},"status":401}`, nil, ClassCredentials, "check the password of --user fixer"},
		{403, `{"error":{"type":"security_exception","reason":"action [cluster:admin/xpack/security/service_account/token/create] is unauthorized for user [fixer], this action is granted by the cluster privileges [manage_service_account,manage_security,all]"},"status":403}`, nil, ClassPrivilege, "grant the identity essec uses the cluster privilege manage_service_account"},
		{429, `{"error":{"type":"es_rejected_execution_exception","reason":"rejected execution"},"status":429}`, nil, ClassServer, "see its logs"},
		{0, "", fmt.Errorf("post: %w", context.DeadlineExceeded), ClassTimeout, "raise --timeout (now 5s)"},
	}
	for _, tc := range tests {
		class, msg := DescribeFailure(o, "/_security/service/elastic/kibana/credential/token/x", tc.err, tc.status, []byte(tc.body))
		if class != tc.class || !strings.Contains(msg, tc.hint) {
			t.Errorf("%d %v: %s %q, want %s with %q", tc.status, tc.err, class, msg, tc.class, tc.hint)
		}
	}
}
