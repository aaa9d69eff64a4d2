package esconfig

import (
	"reflect"
	"testing"
)

func TestParseJVMOptions(t *testing.T) {
	text := "## JVM configuration\n-Xms4g\n\n 8:-Dlegacy=1 \n17-:-Djava.security.manager=allow\n9-:-Djava.locale.providers=COMPAT\n" +
		"10-14:-XX:+UseConcMarkSweepGC\n-Des.transport.cname_in_publish_address=true\nnot an option\n-D\n"
	opts, problems := parseJVMOptions("jvm.options", text)
	want := []string{"-Dlegacy=1", "-Djava.security.manager=allow", "-Djava.locale.providers=COMPAT", "-Des.transport.cname_in_publish_address=true", "-D"}
	if !reflect.DeepEqual(opts, want) {
		t.Errorf("opts = %q, want %q", opts, want)
	}
	if len(problems) != 1 || problems[0].Line != 9 || problems[0].File != "jvm.options" || problems[0].Message != "not a JVM option: Elasticsearch refuses to start with this line" {
		t.Errorf("problems = %+v", problems)
	}
}
