package remediations

import (
	"strings"
	"testing"
)

func TestUnifiedDiff(t *testing.T) {
	a := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"
	b := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n"
	want := "--- f\n+++ f\n@@ -8,3 +8,4 @@\n h\n i\n j\n+k\n"
	if got := UnifiedDiff("f", []byte(a), []byte(b)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	c := "a\nB\nc\nd\ne\nf\ng\nh\ni\nJ\n"
	want = "--- f\n+++ f\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -7,4 +7,4 @@\n g\n h\n i\n-j\n+J\n"
	if got := UnifiedDiff("f", []byte(a), []byte(c)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestMaskSecrets(t *testing.T) {
	diff := "--- kibana.yml\n+++ kibana.yml\n@@ -1,2 +1,1 @@\n elasticsearch.hosts: [x]\n-elasticsearch.password: \"hunter22\" # old\n"
	got := maskSecrets(diff, [][]byte{[]byte("hunter22")})
	if strings.Contains(got, "hunter22") || !strings.Contains(got, "-elasticsearch.password: <secret>") {
		t.Errorf("got %q", got)
	}
}
