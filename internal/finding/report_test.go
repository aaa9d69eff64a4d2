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

func TestOfDeployment(t *testing.T) {
	fs := []Finding{{Deployment: "a", CheckID: "1"}, {Deployment: "b", CheckID: "2"}, {Deployment: "b", CheckID: "3"}, {Deployment: "c", CheckID: "4"}}
	b := OfDeployment(fs, "b")
	if len(b) != 2 || b[0].CheckID != "2" || b[1].CheckID != "3" || &b[0] != &fs[1] {
		t.Errorf("a run of findings: got %+v, want fs[1:3] itself", b)
	}
	if got := OfDeployment(fs, "x"); len(got) != 0 {
		t.Errorf("no findings: got %+v", got)
	}
	mixed := append(fs, Finding{Deployment: "a", CheckID: "5"})
	a := OfDeployment(mixed, "a")
	if len(a) != 2 || a[0].CheckID != "1" || a[1].CheckID != "5" {
		t.Errorf("findings apart: got %+v", a)
	}
	a[0].CheckID = "changed"
	if mixed[0].CheckID != "1" {
		t.Error("findings apart are returned as a copy")
	}
}
