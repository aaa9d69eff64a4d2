package inventory

// Cluster is the live evidence from the REST API and network probes. API
// bodies are kept as Elasticsearch returns them (decoded JSON), so policies
// read the documented response shapes; Calls says how each call went.
type Cluster struct {
	Reachable bool   `json:"reachable"`
	Endpoint  string `json:"endpoint"`
	Error     string `json:"error,omitempty"`
	// Auth describes essec's own connection: credential kind (basic, api_key,
	// service_token, none), user name, whether TLS verification was off.
	Auth Connection `json:"auth"`
	// Calls maps a call name (root, xpack_usage, cluster_settings, nodes,
	// nodes_settings, ssl_certificates, authenticate, users,
	// kibana_credentials, role_mappings, license, cat_nodes) to its outcome.
	Calls map[string]APICall `json:"calls" keys:"root,xpack_usage,cluster_settings,nodes,ssl_certificates,authenticate,users,roles,kibana_credentials,role_mappings,license,cat_nodes"`
	// Bodies maps the same call names to the decoded JSON body of a 2xx answer.
	Bodies    map[string]any   `json:"bodies" keys:"root,xpack_usage,cluster_settings,nodes,ssl_certificates,authenticate,users,roles,kibana_credentials,role_mappings,license,cat_nodes"`
	Anonymous []AnonymousProbe `json:"anonymous"`
	TLS       []TLSProbe       `json:"tls"`
}

// Connection describes how essec connected.
type Connection struct {
	Kind      string   `json:"kind"`
	Username  string   `json:"username,omitempty"`
	Insecure  bool     `json:"insecure"`
	Superuser bool     `json:"superuser"`
	Roles     []string `json:"roles"`
}

// APICall is the outcome of one REST call.
type APICall struct {
	Path   string `json:"path"`
	Status int    `json:"status"`
	// ErrorClass is "" on success, else credentials, privilege,
	// security_disabled, not_found, timeout, refused, tls, malformed, server.
	ErrorClass string `json:"error_class,omitempty" enum:",credentials,privilege,security_disabled,not_found,timeout,refused,tls,malformed,server"`
	Error      string `json:"error,omitempty"`
	// Privilege names the cluster privilege a 403 needs.
	Privilege  string `json:"privilege,omitempty"`
	DurationMS int64  `json:"duration_ms"`
}

// AnonymousProbe is an unauthenticated request to an endpoint.
type AnonymousProbe struct {
	URL             string `json:"url"`
	Status          int    `json:"status"`
	WWWAuthenticate string `json:"www_authenticate,omitempty"`
	// Body is the decoded JSON body of a 2xx answer (e.g. _security/_authenticate).
	Body  any    `json:"body,omitempty"`
	Error string `json:"error,omitempty"`
}

// TLSProbe is what a TLS handshake with an endpoint showed.
type TLSProbe struct {
	Endpoint          string        `json:"endpoint"`
	SpeaksTLS         bool          `json:"speaks_tls"`
	Version           string        `json:"version,omitempty"`
	AcceptsTLS10      *bool         `json:"accepts_tls10,omitempty"`
	AcceptsTLS11      *bool         `json:"accepts_tls11,omitempty"`
	PlainHTTPAnswered *bool         `json:"plain_http_answered,omitempty"`
	Certificates      []Certificate `json:"certificates"`
	VerifyError       string        `json:"verify_error,omitempty"`
	Error             string        `json:"error,omitempty"`
}

// LiveNode is what the running node reports about itself.
type LiveNode struct {
	ID               string            `json:"id"`
	Name             string            `json:"name"`
	Version          string            `json:"version,omitempty"`
	Settings         map[string]string `json:"settings"`
	TransportBound   []string          `json:"transport_bound_address"`
	TransportPublish string            `json:"transport_publish_address,omitempty"`
	HTTPBound        []string          `json:"http_bound_address"`
	HTTPPublish      string            `json:"http_publish_address,omitempty"`
}

// Kibana is one Kibana instance.
type Kibana struct {
	Name       string `json:"name"`
	ConfigDir  string `json:"config_dir,omitempty"`
	ConfigFile string `json:"config_file,omitempty"`
	Origin     string `json:"origin" enum:"config-dir,compose,live"`
	// Readable is false when the instance's directory, file or service was
	// given but its configuration could not be read or parsed.
	Readable    bool               `json:"readable"`
	Settings    map[string]Setting `json:"settings"`
	Compose     *ComposeService    `json:"compose,omitempty"`
	Keystore    *Keystore          `json:"keystore"`
	TLSMaterial []TLSMaterial      `json:"tls_material"`
	Trust       []TrustResult      `json:"trust"`
	// ElasticsearchTargets are the nodes Kibana reaches through the https
	// hosts of elasticsearch.hosts (nil when the configuration was not
	// read or names no https host). Trust holds verdicts for these nodes'
	// HTTP certificates only; with scope "all", every certificate the
	// Kibana's CAs do not verify and the first one they do.
	ElasticsearchTargets *ElasticsearchTargets `json:"elasticsearch_targets,omitempty"`
	Files                []FileInfo            `json:"files"`
	HTTP                 *KibanaHTTP           `json:"http,omitempty"`
	Errors               []CollectionError     `json:"errors"`
}

// ElasticsearchTargets says which Elasticsearch nodes of the deployment a
// Kibana instance connects to over https, matched by the collector from the
// hosts of elasticsearch.hosts.
type ElasticsearchTargets struct {
	// Scope is "hosts" when every https host names a known node (Nodes
	// lists them), "all" when Kibana may reach any node of the deployment
	// (Reason says why: a host that names no known node, such as a load
	// balancer or a name essec cannot resolve, or sniffing).
	Scope string `json:"scope" enum:"hosts,all"`
	// Nodes are the names of the nodes reached, in document order; empty
	// when Scope is "all" (every node).
	Nodes  []string `json:"nodes"`
	Reason string   `json:"reason,omitempty"`
	// Hosts are the https hosts of elasticsearch.hosts and what each names.
	Hosts []TargetHost `json:"hosts"`
}

// TargetHost is one https host of Kibana's elasticsearch.hosts.
type TargetHost struct {
	URL  string `json:"url"`
	Host string `json:"host"`
	// Nodes are the names of the nodes the host names (empty: none known).
	Nodes []string `json:"nodes"`
	// MatchedBy is "configuration" when the host is a node's name, one of
	// its network.host, network.publish_host, http.host or
	// http.publish_host values, or its compose service name, hostname or
	// container name; "certificate" when it is only a DNS or IP name in a
	// node's HTTP certificate; "" when it names no node.
	MatchedBy string `json:"matched_by" enum:",configuration,certificate"`
}

// KibanaHTTP is what the live Kibana answered.
type KibanaHTTP struct {
	URL       string `json:"url"`
	Reachable bool   `json:"reachable"`
	Status    int    `json:"status"`
	// Headers are the login page's response headers, names lower-cased.
	Headers map[string]string `json:"headers"`
	// StatusAPIAnonymous is the HTTP status of an unauthenticated /api/status.
	StatusAPIAnonymous int       `json:"status_api_anonymous"`
	TLS                *TLSProbe `json:"tls,omitempty"`
	Error              string    `json:"error,omitempty"`
}
