package compose

import "strings"

// kibanaSettingNames lists Kibana settings (from Kibana's settings reference)
// that its Docker image accepts as upper-case environment variables: the
// variable is the setting upper-cased with "." replaced by "_"
// (XPACK_SECURITY_ENCRYPTIONKEY → xpack.security.encryptionKey). The table
// keeps the camelCase that the variable name loses.
var kibanaSettingNames = []string{
	// Connection to Elasticsearch.
	"elasticsearch.customHeaders", "elasticsearch.hosts", "elasticsearch.logQueries", "elasticsearch.password",
	"elasticsearch.pingTimeout", "elasticsearch.requestHeadersWhitelist", "elasticsearch.requestTimeout",
	"elasticsearch.serviceAccountToken", "elasticsearch.shardTimeout", "elasticsearch.sniffInterval",
	"elasticsearch.sniffOnConnectionFault", "elasticsearch.sniffOnStart", "elasticsearch.ssl.alwaysPresentCertificate",
	"elasticsearch.ssl.certificate", "elasticsearch.ssl.certificateAuthorities", "elasticsearch.ssl.key",
	"elasticsearch.ssl.keyPassphrase", "elasticsearch.ssl.keystore.password", "elasticsearch.ssl.keystore.path",
	"elasticsearch.ssl.truststore.password", "elasticsearch.ssl.truststore.path", "elasticsearch.ssl.verificationMode",
	"elasticsearch.username", "elasticsearch.url", "elasticsearch.publicBaseUrl",
	// Server.
	"server.basePath", "server.compression.enabled", "server.compression.referrerWhitelist", "server.cors.enabled",
	"server.cors.allowCredentials", "server.cors.allowOrigin", "server.customResponseHeaders", "server.defaultRoute",
	"server.host", "server.keepAliveTimeout", "server.maxPayload", "server.maxPayloadBytes", "server.name", "server.port",
	"server.publicBaseUrl", "server.requestId.allowFromAnyIp", "server.requestId.ipAllowlist", "server.rewriteBasePath",
	"server.securityResponseHeaders.disableEmbedding", "server.securityResponseHeaders.permissionsPolicy",
	"server.securityResponseHeaders.referrerPolicy", "server.securityResponseHeaders.strictTransportSecurity",
	"server.securityResponseHeaders.xContentTypeOptions", "server.securityResponseHeaders.crossOriginOpenerPolicy",
	"server.shutdownTimeout", "server.socketTimeout", "server.ssl.cert", "server.ssl.certificate",
	"server.ssl.certificateAuthorities", "server.ssl.cipherSuites", "server.ssl.clientAuthentication", "server.ssl.enabled",
	"server.ssl.key", "server.ssl.keyPassphrase", "server.ssl.keystore.password", "server.ssl.keystore.path",
	"server.ssl.redirectHttpFromPort", "server.ssl.supportedProtocols", "server.ssl.truststore.password",
	"server.ssl.truststore.path", "server.uuid", "server.xsrf.allowlist", "server.xsrf.disableProtection",
	"server.protocol", "server.http2.allowUnsecure",
	// Content security policy.
	"csp.strict", "csp.warnLegacyBrowsers", "csp.disableUnsafeEval", "csp.script_src", "csp.worker_src", "csp.style_src",
	"csp.connect_src", "csp.default_src", "csp.font_src", "csp.frame_src", "csp.img_src", "csp.frame_ancestors",
	"csp.report_uri", "csp.report_to", "csp.report_only.form_action", "csp.report_only.object_src", "csp.rules",
	// Security.
	"xpack.security.enabled", "xpack.security.encryptionKey", "xpack.security.secureCookies", "xpack.security.sameSiteCookies",
	"xpack.security.cookieName", "xpack.security.loginAssistanceMessage", "xpack.security.loginHelp",
	"xpack.security.sessionTimeout", "xpack.security.session.idleTimeout", "xpack.security.session.lifespan",
	"xpack.security.session.cleanupInterval", "xpack.security.session.concurrentSessions.maxSessions",
	"xpack.security.authc.providers", "xpack.security.authc.oidc.realm", "xpack.security.authc.saml.realm",
	"xpack.security.authc.saml.maxRedirectURLSize", "xpack.security.authc.selector.enabled",
	"xpack.security.authc.http.enabled", "xpack.security.authc.http.autoSchemesEnabled", "xpack.security.authc.http.schemes",
	"xpack.security.authProviders", "xpack.security.public.protocol", "xpack.security.public.hostname",
	"xpack.security.public.port", "xpack.security.showInsecureClusterWarning", "xpack.security.audit.enabled",
	"xpack.security.audit.appender.type", "xpack.security.audit.appender.fileName", "xpack.security.audit.ignore_filters",
	"xpack.encryptedSavedObjects.encryptionKey", "xpack.encryptedSavedObjects.keyRotation.decryptionOnlyKeys",
	"xpack.reporting.encryptionKey", "xpack.reporting.enabled", "xpack.reporting.roles.enabled",
	"xpack.reporting.roles.allow", "xpack.reporting.kibanaServer.hostname", "xpack.reporting.kibanaServer.port",
	"xpack.reporting.kibanaServer.protocol", "xpack.reporting.capture.browser.chromium.disableSandbox",
	"xpack.reporting.csv.checkForFormulas", "xpack.reporting.csv.escapeFormulaValues",
	"xpack.spaces.enabled", "xpack.spaces.maxSpaces", "security.showInsecureClusterWarning", "status.allowAnonymous",
	// Actions, alerting, fleet.
	"xpack.actions.allowedHosts", "xpack.actions.enabledActionTypes", "xpack.actions.preconfigured",
	"xpack.actions.proxyUrl", "xpack.actions.proxyRejectUnauthorizedCertificates", "xpack.actions.rejectUnauthorized",
	"xpack.actions.ssl.verificationMode", "xpack.actions.ssl.proxyVerificationMode", "xpack.actions.customHostSettings",
	"xpack.alerting.rules.minimumScheduleInterval.value", "xpack.fleet.agents.enabled", "xpack.fleet.agents.elasticsearch.hosts",
	"xpack.fleet.agents.fleet_server.hosts", "xpack.fleet.agentPolicies", "xpack.fleet.packages", "xpack.fleet.outputs",
	"xpack.fleet.registryUrl", "xpack.fleet.registryProxyUrl",
	// Monitoring and telemetry.
	"monitoring.enabled", "monitoring.kibana.collection.enabled", "monitoring.kibana.collection.interval",
	"monitoring.ui.enabled", "monitoring.ui.elasticsearch.hosts", "monitoring.ui.elasticsearch.username",
	"monitoring.ui.elasticsearch.password", "monitoring.ui.elasticsearch.serviceAccountToken",
	"monitoring.ui.elasticsearch.ssl.certificateAuthorities", "monitoring.ui.elasticsearch.ssl.verificationMode",
	"monitoring.ui.container.elasticsearch.enabled", "telemetry.enabled", "telemetry.optIn",
	"telemetry.allowChangingOptInStatus", "telemetry.sendUsageFrom", "newsfeed.enabled",
	// Paths, logging and the rest.
	"path.data", "pid.file", "logging.dest", "logging.json", "logging.quiet", "logging.root.level", "logging.silent",
	"logging.verbose", "logging.appenders", "logging.loggers", "logging.root", "i18n.locale", "kibana.index",
	"kibana.defaultAppId", "map.includeElasticMapsService", "map.tilemap.url", "map.emsUrl", "migrations.batchSize",
	"savedObjects.maxImportExportSize", "savedObjects.maxImportPayloadBytes", "console.enabled", "ops.interval",
	"unifiedSearch.autocomplete.valueSuggestions.terminateAfter", "vis_type_vega.enableExternalUrls",
	"xpack.apm.enabled", "xpack.ml.enabled", "xpack.maps.enabled", "xpack.graph.enabled", "xpack.canvas.enabled",
	"xpack.task_manager.max_workers", "xpack.task_manager.poll_interval",
}

// kibanaFallbackPrefixes are the variable prefixes of Kibana setting
// namespaces: an unknown variable with one of them is taken as the setting
// lower-cased with "_" as "." (camelCase cannot be recovered).
var kibanaFallbackPrefixes = []string{"ELASTICSEARCH_", "SERVER_", "XPACK_", "CSP_", "LOGGING_", "MONITORING_", "TELEMETRY_",
	"MAP_", "I18N_", "STATUS_", "SAVEDOBJECTS_", "NEWSFEED_", "OPS_", "CONSOLE_", "MIGRATIONS_", "UNIFIEDSEARCH_"}

// kibanaEnvName is the variable name Kibana's image reads for a setting.
func kibanaEnvName(setting string) string {
	return strings.ToUpper(strings.ReplaceAll(setting, ".", "_"))
}

// kibanaSetting maps a variable of a Kibana container to the setting it
// sets: dotted names as written, known upper-case names by the table, other
// upper-case names in a Kibana namespace by the fallback.
func kibanaSetting(name string) (string, bool) {
	if strings.Contains(name, ".") {
		return name, true
	}
	if name != strings.ToUpper(name) {
		return "", false
	}
	for _, s := range kibanaSettingNames {
		if kibanaEnvName(s) == name {
			return s, true
		}
	}
	for _, p := range kibanaFallbackPrefixes {
		if strings.HasPrefix(name, p) && len(name) > len(p) {
			return strings.ToLower(strings.ReplaceAll(name, "_", ".")), true
		}
	}
	return "", false
}

// kibanaSettings sorts a Kibana service's environment into settings and
// other variables.
func (l *loader) kibanaSettings(svc *Service, env environment) {
	for _, v := range env.vars {
		if key, ok := kibanaSetting(v.name); ok {
			l.setting(svc, key, v)
			continue
		}
		l.envOnly(svc, v)
	}
}
