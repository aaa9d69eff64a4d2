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
	Files       []FileInfo         `json:"files"`
	HTTP        *KibanaHTTP        `json:"http,omitempty"`
	Errors      []CollectionError  `json:"errors"`
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
