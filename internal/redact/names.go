package redact

import "strings"

// This file is the one place that decides which settings hold secrets.
// Everything that reads a setting (elasticsearch.yml, kibana.yml, compose
// environments, keystores, JVM options, live settings bodies) asks
// IsSecretName; nothing else keeps its own list.
//
// The list follows Elastic's secure-settings lists: every Elasticsearch
// setting documented with the "Secure" qualifier (the keystore-only
// *.secure_* settings, bootstrap.password, keystore.seed, the repository
// and discovery client credentials s3/azure/gcs/discovery.ec2, OIDC
// rp.client_secret, JWT hmac_key, hmac_jwkset and
// client_authentication.shared_secret, remote cluster credentials, the
// watcher encryption_key, notification accounts' secure_url and
// secure_password, webhook additional_token_pairs), and every Kibana
// setting its keystore documentation names as sensitive (credentials for
// Elasticsearch, key passphrases and store passwords, encryption keys,
// connector secrets), plus the deprecated plain-text forms of each
// (ssl.keystore.password, bind_password, smtp.password, slack url) and the
// headers that carry credentials (elasticsearch.customHeaders.*, action
// connectors' config.headers.*).

// secretExact are full names (lower case) that are secret whatever their
// last segment says. "*" stands for one segment (a client or account name).
var secretExact = []string{
	"keystore.seed",
	"azure.client.*.account",
	"azure.client.*.key",
	"gcs.client.*.credentials_file",
	"xpack.notification.slack.account.*.url",
	"xpack.notification.webhook.additional_token_pairs",
}

// secretSegments are name segments below which every setting is secret:
// connector secrets and custom headers (an Authorization header is a
// credential whatever the header is called).
var secretSegments = []string{".secrets.", "customheaders.", ".headers."}

// secretWords mark the last segment of a secret setting.
var secretWords = []string{
	"password", "passwd", "secret", "token", "passphrase", "encryptionkey", "encryption_key",
	"api_key", "apikey", "credential", "access_key", "private_key", "hmac_key", "hmac_jwkset",
	"webhookurl", "webhook_url", "decryptiononlykeys", "additional_token_pairs",
}

// IsSecretName reports whether a setting (Elasticsearch, Kibana, a live
// settings body's flattened key, or a compose environment variable) holds a
// secret, by its name.
func IsSecretName(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "" {
		return false
	}
	for _, p := range secretExact {
		if globMatch(p, n) {
			return true
		}
	}
	for _, seg := range secretSegments {
		if strings.Contains(n, seg) || strings.HasPrefix(n, seg[1:]) && seg[0] == '.' {
			return true
		}
	}
	leaf := lastSegment(n)
	// CORS switches (http.cors.allow-credentials) and the 6.x switch
	// xpack.security.authc.accept_default_password are booleans.
	if strings.Contains(n, "cors.") || strings.Contains(n, "cors_") || leaf == "accept_default_password" {
		return false
	}
	// Every secure_* setting is keystore-only, a user name too
	// (xpack.notification.jira.account.*.secure_user).
	if strings.HasPrefix(leaf, "secure_") || strings.Contains(leaf, "_secure_") {
		return true
	}
	// User names next to credentials are not secret (the anonymous
	// provider's credentials.username, elasticsearch.username).
	if strings.HasSuffix(leaf, "username") || leaf == "user" || strings.HasSuffix(leaf, "_user") {
		return false
	}
	// Switches and parameters of a secret-handling feature are not secrets:
	// xpack.security.authc.token.enabled, api_key.cache.ttl, token_type, ...
	if settingParameter(parameterSuffix(leaf)) {
		return false
	}
	for _, w := range secretWords {
		if strings.Contains(leaf, w) {
			return true
		}
	}
	// Cloud clients' *.key values (the storage account key) and the key
	// of an API key given as {id, key} (Kibana's anonymous provider).
	if leaf == "key" && (strings.HasPrefix(n, "s3.") || strings.HasPrefix(n, "azure.") || strings.HasPrefix(n, "gcs.") || strings.HasSuffix(n, "apikey.key") || strings.HasSuffix(n, "api_key.key")) {
		return true
	}
	return false
}

// IsSecretJVMProperty reports whether a -Dname=value JVM option carries a
// secret: a secret setting name, or a property that names authentication
// (-Dhttp.auth=user:pw, -Dproxy.auth=...).
func IsSecretJVMProperty(name string) bool {
	if IsSecretName(name) {
		return true
	}
	leaf := lastSegment(strings.ToLower(name))
	return leaf == "auth" || strings.HasSuffix(leaf, "auth") || strings.HasSuffix(leaf, "authorization")
}

// lastSegment is the part after the last dot; an environment variable
// name (no dots) is its own last segment.
func lastSegment(n string) string {
	return n[strings.LastIndex(n, ".")+1:]
}

// parameterSuffix is what decides whether a leaf names a parameter: the
// leaf itself, or for SNAKE_CASE names (environment variables, token_type)
// the part after the last underscore.
func parameterSuffix(leaf string) string {
	if settingParameter(leaf) {
		return leaf
	}
	if i := strings.LastIndex(leaf, "_"); i >= 0 {
		return leaf[i+1:]
	}
	return leaf
}

// settingParameter names the last segments of settings that configure a
// feature rather than hold its secret.
func settingParameter(last string) bool {
	switch last {
	case "enabled", "timeout", "type", "path", "algorithm", "algo", "hash_algo", "ttl", "order",
		"size", "max_size", "max_tokens", "expiration", "interval", "retention_period",
		"delete_interval", "delete_timeout", "format", "mode", "verification_mode", "length",
		"allowcredentials", "allow-credentials": // CORS switches (booleans)
		return true
	}
	return false
}

// globMatch matches the end of a dotted name against a pattern whose "*"
// stands for exactly one segment (the end, so that a live body's key path,
// nodes.<id>.settings.keystore.seed, matches as the setting does).
//
// It compares the segments from the end, without splitting: every setting
// of every node of a fleet is asked about.
func globMatch(pattern, name string) bool {
	for {
		pi, ni := strings.LastIndexByte(pattern, '.'), strings.LastIndexByte(name, '.')
		if p := pattern[pi+1:]; p != "*" && p != name[ni+1:] {
			return false
		}
		switch {
		case pi < 0:
			return true
		case ni < 0:
			// The name has fewer segments than the pattern.
			return false
		}
		pattern, name = pattern[:pi], name[:ni]
	}
}
