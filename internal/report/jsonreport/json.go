// Package jsonreport writes the JSON report exactly in the shape DESIGN.md
// fixes (schema_version 1); docs/report.schema.json describes it.
package jsonreport

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"runtime"

	"github.com/essec-dev/essec/internal/finding"
)

// findingsKey is the findings array, empty, as the indented encoding of the
// report writes it: a top-level key is the only text at two spaces'
// indent after a newline (newlines inside strings are escaped).
var findingsKey = []byte("\n  \"findings\": [],\n")

// Write encodes the report, indented, with a trailing newline. Findings are
// encoded one at a time into the indented frame of the rest of the report,
// so the report is never whole in memory; the bytes are those of encoding
// the report at once.
func Write(w io.Writer, r *finding.Report) error {
	out := *r
	if out.Errors == nil {
		out.Errors = []finding.Error{}
	}
	if out.Deployments == nil {
		out.Deployments = []finding.DeploymentResult{}
	}
	out.Findings = []finding.Finding{}
	var frame bytes.Buffer
	if err := encoder(&frame, "").Encode(out); err != nil {
		return err
	}
	i := bytes.Index(frame.Bytes(), findingsKey)
	if i < 0 {
		return errors.New("the report has no findings array")
	}
	head, tail := frame.Bytes()[:i+len(findingsKey)-3], frame.Bytes()[i+len(findingsKey)-3:]
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(head)
	if err := writeFindings(bw, r.Findings, runtime.GOMAXPROCS(0)); err != nil {
		return err
	}
	if len(r.Findings) > 0 {
		bw.WriteString("\n  ")
	}
	bw.Write(tail)
	return bw.Flush()
}

// batchSize is how many findings one batch encodes: large enough that
// handing a batch to a worker costs nothing next to encoding it, small
// enough that the batches in flight hold a few MB.
const batchSize = 256

// findingBytes is about the length of a finding in the report (1.4 KB in a
// fleet's), to size the batches' buffers once.
const findingBytes = 1536

// writeFindings writes the findings as the elements of the indented
// findings array. Batches of findings are encoded on up to workers cores
// while the batches before them are written, at most two per worker in
// flight, so the report is still never whole in memory; the bytes are those
// of one encoder going through the findings in order.
func writeFindings(w io.Writer, fs []finding.Finding, workers int) error {
	n := (len(fs) + batchSize - 1) / batchSize
	if workers < 2 || n < 2 {
		var b []byte
		for i := range n {
			var err error
			if b, err = encodeBatch(b[:0], fs, i*batchSize, min(len(fs), (i+1)*batchSize)); err != nil {
				return err
			}
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		return nil
	}
	type batch struct {
		buf  []byte
		err  error
		done chan struct{}
	}
	batches := make([]batch, n)
	for i := range batches {
		batches[i].done = make(chan struct{})
	}
	stop := make(chan struct{})
	defer close(stop)
	// free holds the buffers of written batches for the next ones: the
	// batches in flight are at most its capacity, and a report of any size
	// grows that many buffers only.
	free := make(chan []byte, 2*workers)
	for range cap(free) {
		free <- make([]byte, 0, batchSize*findingBytes)
	}
	next := make(chan int)
	go func() {
		defer close(next)
		for i := range n {
			select {
			case batches[i].buf = <-free:
			case <-stop:
				return
			}
			select {
			case next <- i:
			case <-stop:
				return
			}
		}
	}()
	for range workers {
		go func() {
			for i := range next {
				b := &batches[i]
				b.buf, b.err = encodeBatch(b.buf, fs, i*batchSize, min(len(fs), (i+1)*batchSize))
				close(b.done)
			}
		}()
	}
	for i := range batches {
		b := &batches[i]
		<-b.done
		if b.err != nil {
			return b.err
		}
		if _, err := w.Write(b.buf); err != nil {
			return err
		}
		free <- b.buf[:0]
		b.buf = nil
	}
	return nil
}

// encodeBatch appends fs[from:to] to b, each indented at the findings
// array's depth and preceded by the separator the array's encoding puts
// before it.
func encodeBatch(b []byte, fs []finding.Finding, from, to int) ([]byte, error) {
	for j := from; j < to; j++ {
		if j == 0 {
			b = append(b, "\n    "...)
		} else {
			b = append(b, ",\n    "...)
		}
		if encodable(&fs[j]) {
			b = appendFinding(b, &fs[j])
			continue
		}
		// encoding/json refuses the finding: its error ends the report.
		var one bytes.Buffer
		if err := encoder(&one, "    ").Encode(&fs[j]); err != nil {
			return b, err
		}
		b = append(b, bytes.TrimSuffix(one.Bytes(), []byte("\n"))...)
	}
	return b, nil
}

// encoder indents as the report's encoding does at prefix's depth.
func encoder(w io.Writer, prefix string) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	return enc
}
