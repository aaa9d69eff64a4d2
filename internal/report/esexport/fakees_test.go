package esexport

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/elastic/go-elasticsearch/v8"
)

// fakeES is a small Elasticsearch that records every request it gets and
// answers the index template and bulk APIs.
type fakeES struct {
	mu             sync.Mutex
	requests       []request
	templateExists bool
	putStatus      int
	// bulkStatus, when set, answers a whole bulk call (1-based) with this
	// HTTP status instead of processing it.
	bulkStatus func(call int) int
	// itemStatus, when set, gives a document's status in a bulk call.
	itemStatus func(call int, id string) (int, string)
	bulkCalls  int
}

type request struct {
	Method, Path, Query string
	Body                []byte
}

// bulkItem is one action and its document from a bulk body.
type bulkItem struct {
	Action, Index, ID string
	Doc               map[string]any
}

func newFakeES(t *testing.T) (*fakeES, *elasticsearch.Client) {
	t.Helper()
	f := &fakeES{}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	client, err := elasticsearch.NewClient(elasticsearch.Config{Addresses: []string{srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	return f, client
}

func (f *fakeES) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: body})
	w.Header().Set("X-Elastic-Product", "Elasticsearch")
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodHead && strings.HasPrefix(r.URL.Path, "/_index_template/"):
		if !f.templateExists {
			w.WriteHeader(http.StatusNotFound)
		}
	case r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, "/_index_template/"):
		if f.putStatus != 0 {
			w.WriteHeader(f.putStatus)
			fmt.Fprint(w, `{"error":{"type":"security_exception","reason":"action [indices:admin/index_template/put] is unauthorized"},"status":403}`)
			return
		}
		f.templateExists = true
		fmt.Fprint(w, `{"acknowledged":true}`)
	case strings.HasSuffix(r.URL.Path, "/_bulk"):
		f.bulkCalls++
		f.bulk(w, r, body)
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, `{"error":"no handler found for uri [%s] and method [%s]"}`, r.URL.Path, r.Method)
	}
}

func (f *fakeES) bulk(w http.ResponseWriter, r *http.Request, body []byte) {
	if f.bulkStatus != nil {
		if st := f.bulkStatus(f.bulkCalls); st != 0 {
			w.WriteHeader(st)
			fmt.Fprintf(w, `{"error":{"type":"es_rejected_execution_exception","reason":"rejected execution"},"status":%d}`, st)
			return
		}
	}
	index := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), "/_bulk")
	items, err := parseBulk(body)
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":{"type":"illegal_argument_exception","reason":%q},"status":400}`, err.Error())
		return
	}
	var out []map[string]any
	errs := false
	for _, it := range items {
		st, typ := http.StatusCreated, ""
		if f.itemStatus != nil {
			if s, t := f.itemStatus(f.bulkCalls, it.ID); s != 0 {
				st, typ = s, t
			}
		}
		res := map[string]any{"_index": index, "_id": it.ID, "status": st}
		if typ != "" {
			errs = true
			res["error"] = map[string]any{"type": typ, "reason": "[" + it.ID + "] " + typ, "index": index}
		} else {
			res["result"], res["_version"] = "created", 1
		}
		out = append(out, map[string]any{it.Action: res})
	}
	json.NewEncoder(w).Encode(map[string]any{"took": 3, "errors": errs, "items": out})
}

func parseBulk(body []byte) ([]bulkItem, error) {
	var items []bulkItem
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var meta map[string]struct {
			Index string `json:"_index"`
			ID    string `json:"_id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &meta); err != nil {
			return nil, fmt.Errorf("action line: %w", err)
		}
		if !sc.Scan() {
			return nil, fmt.Errorf("action without document")
		}
		var doc map[string]any
		if err := json.Unmarshal(sc.Bytes(), &doc); err != nil {
			return nil, fmt.Errorf("document line: %w", err)
		}
		for action, m := range meta {
			items = append(items, bulkItem{Action: action, Index: m.Index, ID: m.ID, Doc: doc})
		}
	}
	return items, sc.Err()
}

// bulks returns the bulk requests received, parsed.
func (f *fakeES) bulks(t *testing.T) [][]bulkItem {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	var out [][]bulkItem
	for _, r := range f.requests {
		if !strings.HasSuffix(r.Path, "/_bulk") {
			continue
		}
		items, err := parseBulk(r.Body)
		if err != nil {
			t.Fatalf("bulk body: %v", err)
		}
		out = append(out, items)
	}
	return out
}

func (f *fakeES) calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, r := range f.requests {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}
