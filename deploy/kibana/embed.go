// Package kibana holds the Kibana and Elasticsearch objects essec ships for
// fleets: the dashboard's saved objects, the transform that keeps the latest
// result per resource and check, and the ILM policy of the findings
// indices. essec export prints them from the binary.
package kibana

import _ "embed"

// Dashboard is the NDJSON of the saved objects (Stack Management > Saved
// objects > Import).
//
//go:embed essec-dashboard.ndjson
var Dashboard []byte

// LatestTransform is the body of PUT _transform/essec-latest-findings.
//
//go:embed latest-transform.json
var LatestTransform []byte

// ILMPolicy is the body of PUT _ilm/policy/essec-findings.
//
//go:embed ilm-policy.json
var ILMPolicy []byte

// LatestIndex is where the transform writes; the current-posture panels
// read it.
const LatestIndex = "essec-latest-findings"
