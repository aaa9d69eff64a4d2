// Package cluster collects live evidence from an Elasticsearch cluster's REST
// API: a fixed set of read-only calls (GET only) run concurrently, each
// classified on failure, plus unauthenticated probes and TLS probes of every
// URL. One failed call never fails the collection: the outcome of each call
// is recorded in inventory.Cluster.Calls and policies decide what a missing
// body means.
package cluster
