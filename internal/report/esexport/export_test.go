package esexport

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/report/ecs"
	"github.com/essec-dev/essec/internal/report/reporttest"
)

var noWait = func(int) time.Duration { return 0 }

func wantIDs(r *finding.Report) []string {
	var ids []string
	for _, f := range r.Findings {
		ids = append(ids, r.ScanID+"-"+f.Fingerprint)
	}
	sort.Strings(ids)
	return ids
}

func ids(items []bulkItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	sort.Strings(out)
	return out
}

func TestExportCreatesTemplateAndIndexesOneBatch(t *testing.T) {
	es, client := newFakeES(t)
	r := reporttest.Fixture(t)
	res, err := Export(context.Background(), client, "", r, Options{Backoff: noWait})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"HEAD /_index_template/essec-findings", "PUT /_index_template/essec-findings", "POST /essec-findings/_bulk"}
	if got := es.calls(); !reflect.DeepEqual(got, want) {
		t.Fatalf("requests %q, want %q", got, want)
	}
	var tmpl map[string]any
	if err := json.Unmarshal(es.requests[1].Body, &tmpl); err != nil {
		t.Fatal(err)
	}
	wantTmpl, _ := json.Marshal(ecs.TemplateFor("essec-findings"))
	var wantDecoded map[string]any
	json.Unmarshal(wantTmpl, &wantDecoded)
	if !reflect.DeepEqual(tmpl, wantDecoded) {
		t.Errorf("template body %v, want ecs.TemplateFor", tmpl)
	}
	bulks := es.bulks(t)
	if got := ids(bulks[0]); !reflect.DeepEqual(got, wantIDs(r)) {
		t.Errorf("bulk ids %q, want %q", got, wantIDs(r))
	}
	for _, it := range bulks[0] {
		if it.Action != "index" || it.Index != "" {
			t.Errorf("item %s: action %q index %q, want index into the request's index", it.ID, it.Action, it.Index)
		}
		if ev := it.Doc["event"].(map[string]any); ev["id"] != it.ID || ev["kind"] != "state" {
			t.Errorf("item %s: event %v", it.ID, ev)
		}
	}
	if !res.TemplateCreated || res.Indexed != len(r.Findings) || res.Failed != 0 || res.Requests != 1 || res.Index != "essec-findings" {
		t.Errorf("result %+v", res)
	}
	if res.Err() != nil {
		t.Errorf("Err() = %v", res.Err())
	}
}

func TestExistingTemplateIsKept(t *testing.T) {
	es, client := newFakeES(t)
	es.templateExists = true
	res, err := Export(context.Background(), client, "fleet-posture", reporttest.Fixture(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"HEAD /_index_template/fleet-posture", "POST /fleet-posture/_bulk"}
	if got := es.calls(); !reflect.DeepEqual(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
	if res.TemplateCreated {
		t.Errorf("TemplateCreated with an existing template")
	}
}

func TestSmallBatchesSendOneRequestPerBatch(t *testing.T) {
	es, client := newFakeES(t)
	r := reporttest.Fixture(t)
	res, err := Export(context.Background(), client, "", r, Options{FlushBytes: 4096, SkipTemplate: true})
	if err != nil {
		t.Fatal(err)
	}
	bulks := es.bulks(t)
	if len(bulks) < 3 || res.Requests != len(bulks) {
		t.Fatalf("%d bulk requests (result says %d), want several", len(bulks), res.Requests)
	}
	var all []bulkItem
	for _, b := range bulks {
		all = append(all, b...)
	}
	if got := ids(all); !reflect.DeepEqual(got, wantIDs(r)) {
		t.Errorf("ids over all batches %q, want each finding once %q", got, wantIDs(r))
	}
	if res.Indexed != len(r.Findings) {
		t.Errorf("indexed %d", res.Indexed)
	}
}

func TestRetriesThrottledBulkRequest(t *testing.T) {
	es, client := newFakeES(t)
	es.bulkStatus = func(call int) int {
		if call == 1 {
			return http.StatusTooManyRequests
		}
		return 0
	}
	r := reporttest.Fixture(t)
	res, err := Export(context.Background(), client, "", r, Options{Backoff: noWait, SkipTemplate: true})
	if err != nil {
		t.Fatal(err)
	}
	bulks := es.bulks(t)
	if len(bulks) != 2 || !reflect.DeepEqual(ids(bulks[0]), ids(bulks[1])) {
		t.Fatalf("want the throttled request sent again unchanged, got %d requests", len(bulks))
	}
	if res.Indexed != len(r.Findings) || res.Failed != 0 {
		t.Errorf("result %+v", res)
	}
}

func TestRetriesThrottledDocuments(t *testing.T) {
	es, client := newFakeES(t)
	r := reporttest.Fixture(t)
	throttled := r.ScanID + "-" + r.Findings[3].Fingerprint
	es.itemStatus = func(call int, id string) (int, string) {
		if call == 1 && id == throttled {
			return http.StatusTooManyRequests, "es_rejected_execution_exception"
		}
		return 0, ""
	}
	var waits []int
	res, err := Export(context.Background(), client, "", r, Options{SkipTemplate: true, Backoff: func(n int) time.Duration { waits = append(waits, n); return 0 }})
	if err != nil {
		t.Fatal(err)
	}
	bulks := es.bulks(t)
	if len(bulks) != 2 || !reflect.DeepEqual(ids(bulks[1]), []string{throttled}) {
		t.Fatalf("second bulk %v, want only the throttled document", bulks)
	}
	if res.Indexed != len(r.Findings) || res.Failed != 0 || !reflect.DeepEqual(waits, []int{1}) {
		t.Errorf("result %+v, waits %v", res, waits)
	}
}

func TestGivesUpOnPersistentThrottling(t *testing.T) {
	es, client := newFakeES(t)
	es.bulkStatus = func(int) int { return http.StatusTooManyRequests }
	r := reporttest.Fixture(t)
	res, err := Export(context.Background(), client, "", r, Options{SkipTemplate: true, Backoff: noWait, MaxRetries: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(es.bulks(t)) != 3 {
		t.Errorf("%d bulk requests, want 1 + 2 retries", len(es.bulks(t)))
	}
	if res.Indexed != 0 || res.Failed != len(r.Findings) || !strings.Contains(res.Failures[0].Reason, "429") {
		t.Errorf("result %+v", res)
	}
}

func TestReportsPerDocumentFailures(t *testing.T) {
	es, client := newFakeES(t)
	r := reporttest.Fixture(t)
	bad := r.ScanID + "-" + r.Findings[0].Fingerprint
	conflict := r.ScanID + "-" + r.Findings[5].Fingerprint
	es.itemStatus = func(_ int, id string) (int, string) {
		switch id {
		case bad:
			return http.StatusBadRequest, "mapper_parsing_exception"
		case conflict:
			return http.StatusConflict, "version_conflict_engine_exception"
		}
		return 0, ""
	}
	res, err := Export(context.Background(), client, "", r, Options{SkipTemplate: true, Backoff: noWait})
	if err != nil {
		t.Fatal(err)
	}
	if res.Indexed != len(r.Findings)-2 || res.Failed != 2 || len(es.bulks(t)) != 1 {
		t.Fatalf("result %+v", res)
	}
	got := map[string]Failure{}
	for _, f := range res.Failures {
		got[f.ID] = f
	}
	if f := got[bad]; f.Status != 400 || !strings.HasPrefix(f.Reason, "mapper_parsing_exception: [") {
		t.Errorf("failure %+v", f)
	}
	if f := got[conflict]; f.Status != 409 || !strings.Contains(f.Reason, "version_conflict_engine_exception") {
		t.Errorf("failure %+v", f)
	}
	if err := res.Err(); err == nil || !strings.Contains(err.Error(), "2 of 16 findings not exported to essec-findings") {
		t.Errorf("Err() = %v", err)
	}
}

func TestWholeRequestRejected(t *testing.T) {
	es, client := newFakeES(t)
	es.bulkStatus = func(int) int { return http.StatusForbidden }
	r := reporttest.Fixture(t)
	res, err := Export(context.Background(), client, "", r, Options{SkipTemplate: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed != len(r.Findings) || res.Failures[0].Status != 0 || !strings.Contains(res.Failures[0].Reason, "403") {
		t.Errorf("result %+v", res)
	}
}

func TestTemplateRefusedStopsExport(t *testing.T) {
	es, client := newFakeES(t)
	es.putStatus = http.StatusForbidden
	_, err := Export(context.Background(), client, "", reporttest.Fixture(t), Options{})
	if err == nil || !strings.Contains(err.Error(), "create index template essec-findings") || !strings.Contains(err.Error(), "403") {
		t.Fatalf("err = %v", err)
	}
	for _, c := range es.calls() {
		if strings.HasSuffix(c, "/_bulk") {
			t.Errorf("bulk sent after the template failed")
		}
	}
}

func TestExportIsIdempotentPerScan(t *testing.T) {
	es, client := newFakeES(t)
	r := reporttest.Fixture(t)
	for i := 0; i < 2; i++ {
		if _, err := Export(context.Background(), client, "", r, Options{SkipTemplate: true}); err != nil {
			t.Fatal(err)
		}
	}
	b := es.bulks(t)
	if !reflect.DeepEqual(ids(b[0]), ids(b[1])) {
		t.Errorf("a second export of the same scan used other ids")
	}
}

func TestCancelledContext(t *testing.T) {
	_, client := newFakeES(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Export(ctx, client, "", reporttest.Fixture(t), Options{}); err == nil {
		t.Errorf("export with a cancelled context succeeded")
	}
}

func TestExportDemoReportInBatches(t *testing.T) {
	es, client := newFakeES(t)
	r := reporttest.Demo(t)
	res, err := Export(context.Background(), client, "", r, Options{FlushBytes: 64 << 10, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, b := range es.bulks(t) {
		for _, it := range b {
			if seen[it.ID] {
				t.Errorf("document %s sent twice", it.ID)
			}
			seen[it.ID] = true
		}
	}
	if res.Indexed != len(r.Findings) || len(seen) != len(r.Findings) || res.Requests < 2 {
		t.Errorf("result %+v, %d distinct documents", res, len(seen))
	}
}

// TestExportLargerThanAChunk: a report of more findings than are converted
// at a time indexes every one exactly once.
func TestExportLargerThanAChunk(t *testing.T) {
	es, client := newFakeES(t)
	fixture := reporttest.Fixture(t)
	r := *fixture
	r.Findings = nil
	for i := 0; len(r.Findings) < 2*exportChunk+7; i++ {
		f := fixture.Findings[i%len(fixture.Findings)]
		f.Resource.Name = fmt.Sprintf("es%05d", i)
		r.Findings = append(r.Findings, f)
	}
	res, err := Export(context.Background(), client, "", &r, Options{Backoff: noWait, SkipTemplate: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []bulkItem
	for _, b := range es.bulks(t) {
		got = append(got, b...)
	}
	var want []string
	for _, d := range ecs.Documents(&r, ecs.Options{}) {
		want = append(want, d.ID)
	}
	sort.Strings(want)
	if !reflect.DeepEqual(ids(got), want) || res.Indexed != len(r.Findings) || res.Failed != 0 {
		t.Fatalf("indexed %d of %d findings (%d failed)", len(got), len(r.Findings), res.Failed)
	}
}
