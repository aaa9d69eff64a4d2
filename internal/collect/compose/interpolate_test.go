package compose

import (
	"reflect"
	"testing"
)

func TestInterpolate(t *testing.T) {
	vars := map[string]string{"SET": "v", "EMPTY": "", "VERSION": "8.15.1", "INNER": "in"}
	lookup := func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	tests := []struct {
		in       string
		want     string
		ref      bool
		missing  []string
		required []string
		invalid  bool
	}{
		{"plain", "plain", false, nil, nil, false},
		{"$SET", "v", true, nil, nil, false},
		{"${SET}", "v", true, nil, nil, false},
		{"a-$SET-b", "a-v-b", true, nil, nil, false},
		{"image:${VERSION}", "image:8.15.1", true, nil, nil, false},
		{"${UNSET}", "", true, []string{"UNSET"}, nil, false},
		{"$UNSET/x", "/x", true, []string{"UNSET"}, nil, false},
		{"${UNSET:-def}", "def", true, nil, nil, false},
		{"${EMPTY:-def}", "def", true, nil, nil, false},
		{"${EMPTY-def}", "", true, nil, nil, false},
		{"${UNSET-def}", "def", true, nil, nil, false},
		{"${UNSET:-${INNER}}", "in", true, nil, nil, false},
		{"${UNSET:-${NOPE:-deep}}", "deep", true, nil, nil, false},
		{"${SET:+alt}", "alt", true, nil, nil, false},
		{"${EMPTY:+alt}", "", true, nil, nil, false},
		{"${EMPTY+alt}", "alt", true, nil, nil, false},
		{"${UNSET:?must be set}", "", true, nil, []string{"UNSET"}, false},
		{"${EMPTY?must}", "", true, nil, nil, false},
		{"${SET:?must}", "v", true, nil, nil, false},
		{"$$SET and $${SET}", "$SET and ${SET}", false, nil, nil, false},
		{"cost $5 and $", "cost $5 and $", false, nil, nil, false},
		{"${unclosed", "${unclosed", false, nil, nil, true},
		{"${SET/bad}", "", true, nil, nil, true},
		{"${}", "", true, nil, nil, true},
	}
	for _, tt := range tests {
		x := interpolate(tt.in, lookup)
		if x.value != tt.want || x.ref != tt.ref || !reflect.DeepEqual(x.missing, tt.missing) ||
			!reflect.DeepEqual(x.required, tt.required) || x.invalid != tt.invalid {
			t.Errorf("interpolate(%q) = %+v, want %q ref=%v missing=%v required=%v invalid=%v",
				tt.in, x, tt.want, tt.ref, tt.missing, tt.required, tt.invalid)
		}
	}
}

func TestParseDotenv(t *testing.T) {
	text := "# comment\n\nSTACK_VERSION=8.15.1\nexport CLUSTER=prod # trailing\nQUOTED=\"a b\\n\" # c\n" +
		"SINGLE='$NOT ${EXPANDED}'\nREF=${STACK_VERSION}-x\nOUTER=$FROM_ENV\nEMPTY=\nCRLF=yes\r\nbad line\nBROKEN=\"open\n"
	lookup := func(k string) (string, bool) { return "env", k == "FROM_ENV" }
	got, problems := parseDotenv(text, lookup)
	want := map[string]string{"STACK_VERSION": "8.15.1", "CLUSTER": "prod", "QUOTED": "a b\n", "SINGLE": "$NOT ${EXPANDED}",
		"REF": "8.15.1-x", "OUTER": "env", "EMPTY": "", "CRLF": "yes"}
	m := map[string]string{}
	for _, v := range got {
		m[v.name] = v.value
	}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("vars = %q\nwant %q", m, want)
	}
	wantProblems := []string{"line 11: not a KEY=VALUE line", "line 12: unterminated double quote"}
	if !reflect.DeepEqual(problems, wantProblems) {
		t.Errorf("problems = %q, want %q", problems, wantProblems)
	}
}
