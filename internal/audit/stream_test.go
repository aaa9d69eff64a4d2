package audit_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/audit"
	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/inventory"
)

// TestStreamKeepsOrderAndLevels: deployments appear in the order the
// source gave them, each held to its document's required level with
// DocumentLevels, and their findings follow the same order.
func TestStreamKeepsOrderAndLevels(t *testing.T) {
	e, base := engine(t), demoDoc(t)
	names := []string{"c", "a", "d", "b"}
	read := 0
	docs := func(yield func(*inventory.Document, error) bool) {
		for i, name := range names {
			d := withNodes(base, 1)
			d.Deployment.Name = name
			if i == 2 {
				d.Deployment.RequiredLevel = string(finding.LevelBasic)
			}
			read++
			if !yield(d, nil) {
				return
			}
		}
	}
	r, err := audit.Stream(context.Background(), e, docs, audit.Options{TargetLevel: finding.LevelHTTPS, FailOn: finding.SeverityHigh, Now: time.Now(), DocumentLevels: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range r.Deployments {
		got = append(got, fmt.Sprintf("%s:%s", d.Name, d.TargetLevel))
	}
	if fmt.Sprint(got) != "[c:https a:https d:basic b:https]" || read != 4 {
		t.Fatalf("deployments %v after reading %d documents", got, read)
	}
	var order []string
	for _, f := range r.Findings {
		if len(order) == 0 || order[len(order)-1] != f.Deployment {
			order = append(order, f.Deployment)
		}
	}
	if fmt.Sprint(order) != "[c a d b]" {
		t.Fatalf("findings come by deployment in the order %v", order)
	}
}

// TestStreamStopsAtTheSourcesError: a document that cannot be read ends
// the run with the source's error; nothing is reported.
func TestStreamStopsAtTheSourcesError(t *testing.T) {
	e, base := engine(t), demoDoc(t)
	bad := errors.New("host-7.json:1 (document 1): schema_version 9")
	after := false
	docs := func(yield func(*inventory.Document, error) bool) {
		if !yield(withNodes(base, 1), nil) {
			return
		}
		if !yield(nil, bad) {
			return
		}
		after = true
		yield(withNodes(base, 1), nil)
	}
	r, err := audit.Stream(context.Background(), e, docs, audit.Options{TargetLevel: finding.LevelHTTPS, Now: time.Now()})
	if !errors.Is(err, bad) || r != nil || after {
		t.Fatalf("Stream = %v, %v; read on after the error: %v", r, err, after)
	}
}
