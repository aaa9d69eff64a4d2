package finding

import "testing"

func TestErrorWhereAndText(t *testing.T) {
	for _, tc := range []struct {
		e           Error
		where, text string
	}{
		{Error{Source: "esconfig", Deployment: "prod", File: "/etc/es/elasticsearch.yml", Line: 7, Endpoint: "https://es:9200", Message: "duplicate"},
			"/etc/es/elasticsearch.yml:7", "esconfig (prod) /etc/es/elasticsearch.yml:7: duplicate"},
		{Error{Source: "esconfig", File: "/etc/es/jvm.options", Message: "unreadable"},
			"/etc/es/jvm.options", "esconfig /etc/es/jvm.options: unreadable"},
		{Error{Source: "cluster", Deployment: "prod", Line: 3, Endpoint: "https://es:9200", Message: "timeout"},
			"https://es:9200", "cluster (prod) https://es:9200: timeout"},
		{Error{Source: "tls-probe", Message: "refused"}, "", "tls-probe: refused"},
	} {
		if got := tc.e.Where(); got != tc.where {
			t.Errorf("%+v: Where = %q, want %q", tc.e, got, tc.where)
		}
		if got := tc.e.Text(); got != tc.text {
			t.Errorf("%+v: Text = %q, want %q", tc.e, got, tc.text)
		}
	}
}
