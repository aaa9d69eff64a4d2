package waiver

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/essec-dev/essec/internal/boundedfile"

	"go.yaml.in/yaml/v3"
)

// Load reads a waiver file. knownChecks says whether a check id exists in
// the catalogue (nil accepts any). Every problem is reported with the file
// and line: an unknown check, a missing reason, a bad date or pattern, an
// unknown key. A missing file gives an error that matches fs.ErrNotExist.
func Load(path string, knownChecks func(id string) bool) (*Set, error) {
	data, err := boundedfile.Read(path, boundedfile.Waivers)
	if err != nil {
		return nil, fmt.Errorf("read waivers: %w", err)
	}
	return Parse(path, data, knownChecks)
}

// Parse reads a waiver file's content; name is used in messages.
func Parse(name string, data []byte, knownChecks func(id string) bool) (*Set, error) {
	set := &Set{}
	if len(bytes.TrimSpace(data)) == 0 {
		return set, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	list, err := entryList(name, &doc)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, item := range list {
		e, err := parseEntry(name, item, knownChecks)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		set.Entries = append(set.Entries, e)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return set, nil
}

// entryList finds the list of entries: the top-level list, or the list
// under "waivers".
func entryList(name string, doc *yaml.Node) ([]*yaml.Node, error) {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	switch root.Kind {
	case yaml.SequenceNode:
		return root.Content, nil
	case yaml.MappingNode:
		for i := 0; i+1 < len(root.Content); i += 2 {
			k, v := root.Content[i], root.Content[i+1]
			switch k.Value {
			case "waivers":
				if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
					return nil, nil
				}
				if v.Kind != yaml.SequenceNode {
					return nil, fmt.Errorf("%s:%d: waivers must be a list", name, v.Line)
				}
				return v.Content, nil
			case "version":
				if v.Value != "1" {
					return nil, fmt.Errorf("%s:%d: unsupported version %q (want 1)", name, v.Line, v.Value)
				}
			default:
				return nil, fmt.Errorf("%s:%d: unknown key %q (want waivers)", name, k.Line, k.Value)
			}
		}
		return nil, nil
	}
	return nil, fmt.Errorf("%s:%d: want a list of waivers", name, root.Line)
}

func parseEntry(name string, n *yaml.Node, knownChecks func(string) bool) (Entry, error) {
	e := Entry{File: name, Line: n.Line}
	at := func(line int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...))
	}
	if n.Kind != yaml.MappingNode {
		return e, at(n.Line, "a waiver must be a mapping with check and reason")
	}
	fields := map[string]*string{
		"check": &e.Check, "deployment": &e.Deployment, "resource": &e.Resource, "setting": &e.Setting,
		"reason": &e.Reason, "owner": &e.Owner, "expires": &e.Expires,
	}
	seen := map[string]bool{}
	lines := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		dst, ok := fields[k.Value]
		switch {
		case !ok:
			return e, at(k.Line, "unknown key %q (want check, deployment, resource, setting, reason, expires or owner)", k.Value)
		case seen[k.Value]:
			return e, at(k.Line, "%s given twice", k.Value)
		case v.Kind != yaml.ScalarNode:
			return e, at(v.Line, "%s must be a single value", k.Value)
		}
		seen[k.Value] = true
		lines[k.Value] = v.Line
		*dst = strings.TrimSpace(v.Value)
	}
	if e.Check == "" {
		return e, at(n.Line, "waiver without check")
	}
	if knownChecks != nil && !knownChecks(strings.ToUpper(e.Check)) {
		return e, at(lines["check"], "unknown check %q", e.Check)
	}
	e.Check = strings.ToUpper(e.Check)
	if e.Reason == "" {
		return e, at(n.Line, "waiver for %s has no reason: say why the risk is accepted", e.Check)
	}
	for _, p := range []struct{ key, val string }{{"deployment", e.Deployment}, {"resource", e.Resource}, {"setting", e.Setting}} {
		if _, err := path.Match(p.val, ""); err != nil {
			return e, at(lines[p.key], "%s pattern %q: %v", p.key, p.val, err)
		}
	}
	if e.Expires != "" {
		day, err := time.Parse("2006-01-02", e.Expires)
		if err != nil {
			return e, at(lines["expires"], "expires %q: want a date as YYYY-MM-DD", e.Expires)
		}
		e.until = day.AddDate(0, 0, 1)
	}
	return e, nil
}
