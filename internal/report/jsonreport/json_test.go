package jsonreport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/report/reporttest"
)

// whole is the report encoded at once, as Write did before it streamed the
// findings: the bytes Write must keep producing.
func whole(t *testing.T, r *finding.Report) []byte {
	t.Helper()
	out := *r
	if out.Findings == nil {
		out.Findings = []finding.Finding{}
	}
	if out.Errors == nil {
		out.Errors = []finding.Error{}
	}
	if out.Deployments == nil {
		out.Deployments = []finding.DeploymentResult{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestWriteStreamsTheSameBytes: findings streamed one by one give the bytes
// of the report encoded whole, for reports with many, one and no findings,
// with text that needs escaping, and with the optional fields set.
func TestWriteStreamsTheSameBytes(t *testing.T) {
	fixture := reporttest.Fixture(t)
	one := *fixture
	one.Findings = fixture.Findings[:1]
	none := *fixture
	none.Findings = nil
	tricky := *reporttest.Demo(t)
	tricky.Findings = append([]finding.Finding(nil), tricky.Findings...)
	tricky.Findings[0].Message = "line\n  \"findings\": [],\n <b>&</b> \u2028 \x00"
	tricky.Fixed = tricky.Findings[1:3]
	tricky.PartialLevels = []finding.Level{finding.LevelBasic}
	empty := finding.Report{SchemaVersion: 1}
	for name, r := range map[string]*finding.Report{
		"fixture": fixture, "demo": reporttest.Demo(t), "one": &one, "none": &none, "tricky": &tricky, "empty": &empty,
	} {
		var got bytes.Buffer
		if err := Write(&got, r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want := whole(t, r); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: streamed report differs from the report encoded whole:\n%s\nwant\n%s", name, got.Bytes(), want)
		}
	}
}

// TestParallelBatchesKeepOrderAndBytes: a report of many findings, encoded
// in batches on several workers, gives the bytes of one encoder, whatever
// the number of workers, the last batch short or full.
func TestParallelBatchesKeepOrderAndBytes(t *testing.T) {
	demo := reporttest.Demo(t)
	for _, count := range []int{batchSize - 1, batchSize, 3*batchSize + 7, 10 * batchSize} {
		many := *demo
		many.Findings = make([]finding.Finding, count)
		for i := range many.Findings {
			f := demo.Findings[i%len(demo.Findings)]
			f.Message = fmt.Sprintf("%d: %s", i, f.Message)
			many.Findings[i] = f
		}
		want := whole(t, &many)
		var got bytes.Buffer
		if err := Write(&got, &many); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%d findings: Write differs from the report encoded whole", count)
		}
		var serial, parallel bytes.Buffer
		if err := writeFindings(&serial, many.Findings, 1); err != nil {
			t.Fatal(err)
		}
		for _, workers := range []int{2, 3, 8} {
			parallel.Reset()
			if err := writeFindings(&parallel, many.Findings, workers); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(parallel.Bytes(), serial.Bytes()) {
				t.Errorf("%d findings, %d workers: the batches differ from one encoder's bytes", count, workers)
			}
		}
	}
}

// failingWriter fails its second write.
type failingWriter struct{ writes int }

func (w *failingWriter) Write(p []byte) (int, error) {
	w.writes++
	if w.writes > 1 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

// TestParallelBatchesStopOnWriteError: a write that fails ends the run
// with its error while batches are still being encoded, and nothing hangs.
func TestParallelBatchesStopOnWriteError(t *testing.T) {
	demo := reporttest.Demo(t)
	fs := make([]finding.Finding, 20*batchSize)
	for i := range fs {
		fs[i] = demo.Findings[i%len(demo.Findings)]
	}
	if err := writeFindings(&failingWriter{}, fs, 2); err == nil || err.Error() != "disk full" {
		t.Fatalf("got %v, want the write's error", err)
	}
}

// BenchmarkWrite writes a fleet-sized report: 25,000 findings (400 nodes
// with every check), with their evidence.
func BenchmarkWrite(b *testing.B) {
	demo := reporttest.Demo(b)
	many := *demo
	many.Findings = make([]finding.Finding, 25000)
	for i := range many.Findings {
		f := demo.Findings[i%len(demo.Findings)]
		f.Resource.Name = fmt.Sprintf("es%05d", i/60)
		many.Findings[i] = f
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, &many); err != nil {
			b.Fatal(err)
		}
	}
}
