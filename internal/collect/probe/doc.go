// Package probe looks at Elasticsearch and Kibana endpoints from the network
// side, without credentials: TLS handshakes (chain, protocol version, legacy
// protocol acceptance, plain HTTP on the same port) and Kibana's login page
// and status API. It also builds the TLS client configuration that every
// essec connection to a cluster shares.
package probe
