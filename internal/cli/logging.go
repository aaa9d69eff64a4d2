package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/essec-dev/essec/internal/redact"
	"github.com/essec-dev/essec/internal/termtext"
)

// newLogger builds the one logger of a run: stderr, text or JSON, and a
// handler that scrubs remembered secret values and secret-named attributes.
func newLogger(w io.Writer, level, format string, secrets *redact.Secrets) (*slog.Logger, error) {
	var lv slog.Level
	switch strings.ToLower(level) {
	case "debug":
		lv = slog.LevelDebug
	case "info", "":
		lv = slog.LevelInfo
	case "warn", "warning":
		lv = slog.LevelWarn
	case "error":
		lv = slog.LevelError
	default:
		return nil, fmt.Errorf("unknown --log-level %q: use debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv, ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if redact.IsSecretName(a.Key) || strings.EqualFold(a.Key, "authorization") {
			return slog.String(a.Key, redact.Mask)
		}
		switch a.Value.Kind() {
		case slog.KindDuration:
			// JSON would print nanoseconds; both formats say "1.5s".
			return slog.String(a.Key, a.Value.Duration().String())
		case slog.KindString:
			return slog.String(a.Key, termtext.Escape(secrets.Scrub(a.Value.String())))
		case slog.KindAny:
			// Errors, lists and bytes carry secrets and escape sequences
			// (from API bodies, file values) as well as strings do; such a
			// value is logged as its scrubbed, escaped text.
			text := anyText(a.Value.Any())
			if clean := termtext.Escape(secrets.Scrub(text)); clean != text {
				return slog.String(a.Key, clean)
			}
		}
		return a
	}}
	var h slog.Handler
	switch strings.ToLower(format) {
	case "text", "":
		h = slog.NewTextHandler(w, opts)
	case "json":
		h = slog.NewJSONHandler(w, opts)
	default:
		return nil, fmt.Errorf("unknown --log-format %q: use text or json", format)
	}
	return slog.New(scrubHandler{Handler: h, secrets: secrets}), nil
}

// anyText is how a logged value reads, for scrubbing.
func anyText(v any) string {
	switch t := v.(type) {
	case []byte:
		return string(t)
	case error:
		return t.Error()
	}
	return fmt.Sprint(v)
}

// scrubHandler also scrubs and escapes the log message itself.
type scrubHandler struct {
	slog.Handler
	secrets *redact.Secrets
}

func (h scrubHandler) Handle(ctx context.Context, r slog.Record) error {
	r2 := slog.NewRecord(r.Time, r.Level, termtext.Escape(h.secrets.Scrub(r.Message)), r.PC)
	r.Attrs(func(a slog.Attr) bool { r2.AddAttrs(a); return true })
	return h.Handler.Handle(ctx, r2)
}

func (h scrubHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return scrubHandler{Handler: h.Handler.WithAttrs(as), secrets: h.secrets}
}

func (h scrubHandler) WithGroup(name string) slog.Handler {
	return scrubHandler{Handler: h.Handler.WithGroup(name), secrets: h.secrets}
}

// say prints a message for the person at the terminal on stderr: "essec:
// warning: ..." with hints as text, or one JSON record per message with
// --log-format json, so that every line of stderr parses. kind is error,
// warning or "" (information).
func (d *Deps) say(kind, msg string, hints ...string) {
	var out bytes.Buffer
	defer func() { d.writeErr(out.Bytes()) }()
	// Joined errors (one per path) come one per line: keep them on the
	// message's line, separated, rather than escaped to a literal \n.
	msg = strings.ReplaceAll(strings.TrimRight(msg, "\n"), "\n", "; ")
	msg = termtext.Escape(d.Secrets.Scrub(msg))
	for i, h := range hints {
		hints[i] = termtext.Escape(h)
	}
	if strings.EqualFold(d.LogFormat, "json") {
		level := "INFO"
		switch kind {
		case "error":
			level = "ERROR"
		case "warning":
			level = "WARN"
		}
		now := time.Now
		if d.Now != nil {
			now = d.Now
		}
		rec := map[string]any{"time": now().UTC().Format(time.RFC3339Nano), "level": level, "msg": msg}
		if len(hints) > 0 {
			rec["hint"] = hints
		}
		_ = json.NewEncoder(&out).Encode(rec)
		return
	}
	if kind != "" {
		kind += ": "
	}
	if msg != "" {
		fmt.Fprintf(&out, "essec: %s%s\n", kind, msg)
	}
	for _, h := range hints {
		fmt.Fprintf(&out, "essec: hint: %s\n", h)
	}
}

// writeErr writes to stderr, on a line of its own while a spinner shows.
func (d *Deps) writeErr(b []byte) {
	if len(b) == 0 {
		return
	}
	if p := d.progress.Load(); p != nil {
		p.under(func() { _, _ = d.IO.ErrOut.Write(b) })
		return
	}
	_, _ = d.IO.ErrOut.Write(b)
}
