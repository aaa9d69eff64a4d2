package yamlconf

import "testing"

func TestFileHelpers(t *testing.T) {
	f := mustParse(t, "b: 1\na: ${X}\n", Elasticsearch, nil)
	if keys := f.Keys(); len(keys) != 2 || keys[0] != "a" || keys[1] != "b" {
		t.Errorf("Keys = %v", keys)
	}
	errs := f.CollectionErrors("esconfig")
	if len(errs) != 1 || errs[0].Source != "esconfig" || errs[0].File != "test.yml" || errs[0].Line != 2 || errs[0].Message != f.Problems[0].Message {
		t.Errorf("CollectionErrors = %+v", errs)
	}
	if Elasticsearch.String() != "Elasticsearch" || Kibana.String() != "Kibana" || Dialect(9).String() != "Dialect(9)" {
		t.Error("Dialect.String")
	}
}
