package esexport

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/essec-dev/essec/internal/report/ecs"
)

// EnsureTemplate creates the index template for index (named like it,
// matching index*) unless a template of that name exists. It reports
// whether it created one. An existing template is left as it is: print the
// current one with `essec export template` to update it by hand.
func EnsureTemplate(ctx context.Context, client *elasticsearch.Client, index string) (bool, error) {
	return ensureTemplate(ctx, newRetrying(client, Options{}), index)
}

func ensureTemplate(ctx context.Context, tr esapi.Transport, index string) (bool, error) {
	head, err := esapi.IndicesExistsIndexTemplateRequest{Name: index}.Do(ctx, tr)
	if err != nil {
		return false, fmt.Errorf("check index template %s: %w", index, err)
	}
	io.Copy(io.Discard, head.Body)
	head.Body.Close()
	switch head.StatusCode {
	case http.StatusOK:
		return false, nil
	case http.StatusNotFound:
	default:
		return false, fmt.Errorf("check index template %s: %s", index, head.Status())
	}
	body, err := json.Marshal(ecs.TemplateFor(index))
	if err != nil {
		return false, fmt.Errorf("encode index template: %w", err)
	}
	res, err := esapi.IndicesPutIndexTemplateRequest{Name: index, Body: bytes.NewReader(body)}.Do(ctx, tr)
	if err != nil {
		return false, fmt.Errorf("create index template %s: %w", index, err)
	}
	defer res.Body.Close()
	if res.IsError() {
		return false, fmt.Errorf("create index template %s: %s", index, res.String())
	}
	io.Copy(io.Discard, res.Body)
	return true, nil
}
