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

// writeFindings writes the findings as the elements of the indented
// findings array. Batches of findings are encoded on up to workers cores
// while the batches before them are written, at most two per worker in
// flight, so the report is still never whole in memory; the bytes are those
// of one encoder going through the findings in order.
func writeFindings(w io.Writer, fs []finding.Finding, workers int) error {
	n := (len(fs) + batchSize - 1) / batchSize
	if workers < 2 || n < 2 {
		var b, one bytes.Buffer
		for i := range n {
			b.Reset()
			if err := encodeBatch(&b, &one, fs, i*batchSize, min(len(fs), (i+1)*batchSize)); err != nil {
				return err
			}
			if _, err := w.Write(b.Bytes()); err != nil {
				return err
			}
		}
		return nil
	}
	type batch struct {
		buf  *bytes.Buffer
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
	free := make(chan *bytes.Buffer, 2*workers)
	for range cap(free) {
		free <- new(bytes.Buffer)
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
			var one bytes.Buffer
			for i := range next {
				b := &batches[i]
				b.err = encodeBatch(b.buf, &one, fs, i*batchSize, min(len(fs), (i+1)*batchSize))
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
		if _, err := w.Write(b.buf.Bytes()); err != nil {
			return err
		}
		b.buf.Reset()
		free <- b.buf
		b.buf = nil
	}
	return nil
}

// encodeBatch appends fs[from:to], each indented at the findings array's
// depth and preceded by the separator the array's encoding puts before it.
// one is the worker's scratch buffer for a finding.
func encodeBatch(b, one *bytes.Buffer, fs []finding.Finding, from, to int) error {
	enc := encoder(one, "    ")
	for j := from; j < to; j++ {
		one.Reset()
		if err := enc.Encode(&fs[j]); err != nil {
			return err
		}
		if j == 0 {
			b.WriteString("\n    ")
		} else {
			b.WriteString(",\n    ")
		}
		b.Write(bytes.TrimSuffix(one.Bytes(), []byte("\n")))
	}
	return nil
}

// encoder indents as the report's encoding does at prefix's depth.
func encoder(w io.Writer, prefix string) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	return enc
}
