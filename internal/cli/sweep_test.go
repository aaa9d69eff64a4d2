package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/policy"
	"github.com/essec-dev/essec/internal/redact"
	"github.com/essec-dev/essec/internal/sharedtest"
)

// TestSweepCorpusAndRealworld collects every ../shared/corpus file and
// ../shared/realworld set as a user would, and for each document: it must
// validate against docs/input.schema.json (the collectors keep the
// contract), no check may raise an evaluation error, and no two findings of
// a report may share a fingerprint (baselines, waivers and the export key
// findings by it).
func TestSweepCorpusAndRealworld(t *testing.T) {
	t.Parallel()
	schema := inputSchema(t)
	ctx := context.Background()
	mods, err := loadModules(nil)
	if err != nil {
		t.Fatal(err)
	}
	var logBuf syncBuffer
	engine, err := policy.NewEngine(ctx, mods, slog.New(slog.NewTextHandler(&logBuf, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	type input struct {
		name, path, version string
	}
	var inputs []input
	corpus := filepath.Join(sharedtest.Dir(t, "corpus"), "files")
	entries, err := os.ReadDir(corpus)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		inputs = append(inputs, input{"corpus/" + e.Name(), filepath.Join(corpus, e.Name()), "8.15.0"})
	}
	realworld := sharedtest.Dir(t, "realworld")
	entries, err = os.ReadDir(realworld)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			inputs = append(inputs, input{"realworld/" + e.Name(), filepath.Join(realworld, e.Name()), ""})
		}
	}
	documents := 0
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			d := &Deps{
				IO: &IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard,
					Getenv: func(string) (string, bool) { return "", false }},
				Now:     func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) },
				Secrets: &redact.Secrets{},
			}
			docs, _, err := gather(ctx, d, gatherOptions{
				Sources: sourceFlags{Paths: []string{in.path}, ESVersion: in.version, CertWarnDays: 30},
				Log:     slog.New(slog.NewTextHandler(io.Discard, nil)),
			})
			if err != nil {
				t.Logf("refused: %v", err) // an input essec refuses with a message is fine
				return
			}
			seen := map[string]finding.Finding{}
			for _, doc := range docs {
				documents++
				if err := validateDocument(schema, doc); err != nil {
					t.Errorf("deployment %s: the collectors' document breaks docs/input.schema.json: %v", doc.Deployment.Name, err)
				}
				iv, err := policy.InputValue(doc)
				if err != nil {
					t.Fatal(err)
				}
				logBuf.Reset()
				fs, err := engine.Evaluate(ctx, doc.Deployment.Name, iv, nil)
				if err != nil {
					t.Fatal(err)
				}
				if msg := logBuf.String(); msg != "" {
					t.Errorf("deployment %s: evaluation error: %s", doc.Deployment.Name, msg)
				}
				for _, f := range fs {
					if strings.HasPrefix(f.Message, "the check could not be evaluated") || strings.HasPrefix(f.Message, "the check returned a malformed result") {
						t.Errorf("%s on %s: %s", f.CheckID, doc.Deployment.Name, f.Message)
					}
					if prev, dup := seen[f.Fingerprint]; dup {
						t.Errorf("%s and %s share fingerprint %s: resources %+v (%s) and %+v (%s)",
							prev.CheckID, f.CheckID, f.Fingerprint, prev.Resource, prev.Setting, f.Resource, f.Setting)
					}
					seen[f.Fingerprint] = f
				}
			}
		})
	}
	t.Logf("%d inputs, %d documents", len(inputs), documents)
}

func inputSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	s, err := jsonschema.NewCompiler().Compile(filepath.Join(sharedtest.Root(t), "docs", "input.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validateDocument(s *jsonschema.Schema, doc *inventory.Document) error {
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return s.Validate(v)
}

// syncBuffer is a bytes.Buffer the engine's logger may write to.
type syncBuffer struct{ bytes.Buffer }
