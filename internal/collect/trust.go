package collect

import (
	"crypto/sha256"
	"crypto/x509"
	"time"

	"github.com/essec-dev/essec/internal/collect/certs"
	"github.com/essec-dev/essec/internal/inventory"
)

// judgeFunc judges whether roots sign a chain (certs.Judge; tests count
// the calls through their own).
type judgeFunc func(context string, roots []*x509.Certificate, chain certs.LeafChain, now time.Time) inventory.TrustResult

// trustMemo remembers, within one deployment, the verdict of each distinct
// pair of trust anchors and presented chain, both keyed by the SHA-256 of
// their certificates in order. Kibana instances usually carry copies of the
// same CA file and nodes their own HTTP chains, so judging every Kibana
// against every node verifies each chain once instead of once per Kibana:
// the cost follows nodes + Kibanas, not their product. Verdicts depend on
// neither the file a certificate came from nor the instance asking, so the
// memo changes no result; the leaf path is filled in per use.
type trustMemo struct {
	judge    judgeFunc
	verdicts map[string]inventory.TrustResult
}

func newTrustMemo(judge judgeFunc) *trustMemo {
	if judge == nil {
		judge = certs.Judge
	}
	return &trustMemo{judge: judge, verdicts: map[string]inventory.TrustResult{}}
}

// certsKey identifies an ordered list of certificates by their content.
func certsKey(list []*x509.Certificate) string {
	key := make([]byte, 0, len(list)*sha256.Size)
	for _, c := range list {
		sum := sha256.Sum256(c.Raw)
		key = append(key, sum[:]...)
	}
	return string(key)
}

// verdict judges chain against roots (rootsKey is certsKey(roots)), once
// per distinct pair of context, roots and chain.
func (m *trustMemo) verdict(context string, roots []*x509.Certificate, rootsKey string, chain certs.LeafChain, chainKey string, now time.Time) inventory.TrustResult {
	key := context + "\x00" + rootsKey + "\x00" + chainKey
	res, ok := m.verdicts[key]
	if !ok {
		res = m.judge(context, roots, certs.LeafChain{Certificates: chain.Certificates}, now)
		m.verdicts[key] = res
	}
	res.LeafPath = chain.Path
	return res
}
