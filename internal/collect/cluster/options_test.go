package cluster

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	pem := []byte("-----BEGIN CERTIFICATE-----\nMIIBhTCCASugAwIBAgIQIRi6zePL6mKjOipn+dNuaTAKBggqhkjOPQQDAjASMRAw\nDgYDVQQKEwdBY21lIENvMB4XDTE3MTAyMDE5NDMwNloXDTE4MTAyMDE5NDMwNlow\nEjEQMA4GA1UEChMHQWNtZSBDbzBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABD0d\n7VNhbWvZLWPuj/RtHFjvtJBEwOkhbN/BnnE8rnZR8+sbwnc/KhCk3FhnpHZnQz7B\n5aETbbIgmuvewdjvSBSjYzBhMA4GA1UdDwEB/wQEAwICpDATBgNVHSUEDDAKBggr\nBgEFBQcDATAPBgNVHRMBAf8EBTADAQH/MCkGA1UdEQQiMCCCDmxvY2FsaG9zdDo1\nNDUzgg4xMjcuMC4wLjE6NTQ1MzAKBggqhkjOPQQDAgNIADBFAiEA2zpJEPQyz6/l\nWf86aX6PepsntZv2GYlA5UpabfT2EZICICpJ5h/iI+i341gBmLiAFQOyTDT+/wQc\n6MF9+Yw1Yy0t\n-----END CERTIFICATE-----\n")
	fp := strings.Repeat("ab", 32)
	good := Options{URLs: []string{"https://127.0.0.1:9200"}}
	tests := []struct {
		name string
		mod  func(o *Options)
		want string // "" = valid
	}{
		{"minimal", func(*Options) {}, ""},
		{"no url", func(o *Options) { o.URLs = nil }, "no cluster URL"},
		{"no scheme", func(o *Options) { o.URLs = []string{"es01:9200"} }, "the scheme is required"},
		{"bare host", func(o *Options) { o.URLs = []string{"127.0.0.1"} }, "the scheme is required"},
		{"ftp", func(o *Options) { o.URLs = []string{"ftp://127.0.0.1"} }, "the scheme is required"},
		{"credentials in url", func(o *Options) { o.URLs = []string{"https://u:hunter22@h:9200"} }, "holds credentials"},
		{"query", func(o *Options) { o.URLs = []string{"https://h:9200/?pretty"} }, "query"},
		{"ca and insecure", func(o *Options) { o.CACert, o.Insecure = pem, true }, "--ca-cert and --insecure"},
		{"fingerprint and insecure", func(o *Options) { o.CAFingerprint, o.Insecure = fp, true }, "--ca-fingerprint and --insecure"},
		{"ca and fingerprint", func(o *Options) { o.CACert, o.CAFingerprint = pem, fp }, "alternatives"},
		{"ca garbage", func(o *Options) { o.CACert = []byte("garbage") }, "no PEM certificate"},
		{"ca ok", func(o *Options) { o.CACert = pem }, ""},
		{"fingerprint colons", func(o *Options) { o.CAFingerprint = strings.ToUpper(colonUpper(fp)) }, ""},
		{"fingerprint short", func(o *Options) { o.CAFingerprint = "AB:CD" }, "64 hex digits"},
		{"fingerprint not hex", func(o *Options) { o.CAFingerprint = strings.Repeat("zz", 32) }, "hexadecimal"},
		{"user without password", func(o *Options) { o.Username = "elastic" }, "needs a password"},
		{"password without user", func(o *Options) { o.Password = []byte("x") }, "without --user"},
		{"two credentials", func(o *Options) { o.APIKey, o.ServiceToken = []byte("a"), []byte("b") }, "one kind of credential"},
		{"api key with CR LF", func(o *Options) { o.APIKey = []byte("a2V5\r\nX-Injected: 1") }, "line break"},
		{"token with LF", func(o *Options) { o.ServiceToken = []byte("tok\nen") }, "line break"},
		{"user with line break", func(o *Options) { o.Username, o.Password = "elastic\r\nX: y", []byte("p") }, "line break"},
		{"negative timeout", func(o *Options) { o.Timeout = -1 }, "--timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := good
			tt.mod(&o)
			err := o.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "hunter22") {
				t.Errorf("error echoes the password: %v", err)
			}
		})
	}
}
