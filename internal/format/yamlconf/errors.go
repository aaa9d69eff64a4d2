package yamlconf

import "github.com/essec-dev/essec/internal/inventory"

// CollectionErrors turns the file's problems into the input document's
// collection errors, naming source (the collector) and the file.
func (f *File) CollectionErrors(source string) []inventory.CollectionError {
	out := make([]inventory.CollectionError, 0, len(f.Problems))
	for _, p := range f.Problems {
		out = append(out, inventory.CollectionError{Source: source, File: f.Path, Line: p.Line, Message: p.Message, Kind: p.Kind})
	}
	return out
}
