package kibana

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/report/ecs"
)

type savedObject struct {
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	Attributes json.RawMessage `json:"attributes"`
	References []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Type string `json:"type"`
	} `json:"references"`
	CoreMigrationVersion string `json:"coreMigrationVersion"`
	TypeMigrationVersion string `json:"typeMigrationVersion"`
}

func load(t *testing.T) []savedObject {
	t.Helper()
	f, err := os.Open("essec-dashboard.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var objs []savedObject
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		var o savedObject
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&o); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		if o.ID == "" || o.Type == "" || len(o.Attributes) == 0 || o.References == nil {
			t.Fatalf("line %d: id, type, attributes and references are required", n)
		}
		objs = append(objs, o)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return objs
}

func TestSavedObjects(t *testing.T) {
	objs := load(t)
	byID := map[string]savedObject{}
	for _, o := range objs {
		if _, dup := byID[o.ID]; dup {
			t.Errorf("id %s repeated", o.ID)
		}
		byID[o.ID] = o
	}
	dv, ok := byID["essec-findings"]
	if !ok || dv.Type != "index-pattern" {
		t.Fatal("no data view essec-findings")
	}
	var dvAttrs struct{ Title, TimeFieldName string }
	json.Unmarshal(dv.Attributes, &dvAttrs)
	if dvAttrs.Title != "essec-findings*" || dvAttrs.TimeFieldName != "@timestamp" {
		t.Errorf("data view %+v", dvAttrs)
	}
	if want := ecs.TemplateFor(ecs.DefaultIndex)["index_patterns"].([]string)[0]; dvAttrs.Title != want {
		t.Errorf("data view %s does not match the template's pattern %s", dvAttrs.Title, want)
	}
	lenses, dashboards := 0, 0
	for _, o := range objs {
		switch o.Type {
		case "lens":
			lenses++
			checkLens(t, o)
		case "dashboard":
			dashboards++
			checkDashboard(t, o, byID)
		case "index-pattern":
		default:
			t.Errorf("%s: unexpected type %s", o.ID, o.Type)
		}
	}
	if lenses < 3 || dashboards != 1 {
		t.Errorf("%d visualizations and %d dashboards", lenses, dashboards)
	}
}

// fields are the mapped fields of the ECS template.
func fields() map[string]string {
	m := map[string]string{}
	for _, f := range ecs.Fields() {
		m[f.Name] = f.Type
	}
	return m
}

var kqlField = regexp.MustCompile(`([a-z_@.]+)\s*:`)

func checkLens(t *testing.T, o savedObject) {
	var attrs struct {
		Title string
		State struct {
			DatasourceStates struct {
				FormBased struct {
					Layers map[string]struct {
						Columns map[string]struct {
							SourceField string `json:"sourceField"`
							Filter      *struct{ Query string }
						}
						ColumnOrder []string
					}
				} `json:"formBased"`
			}
			Visualization json.RawMessage
		}
	}
	if err := json.Unmarshal(o.Attributes, &attrs); err != nil {
		t.Fatalf("%s: %v", o.ID, err)
	}
	mapped := fields()
	layers := attrs.State.DatasourceStates.FormBased.Layers
	if len(layers) == 0 || len(attrs.State.Visualization) == 0 {
		t.Errorf("%s: no layers or no visualization", o.ID)
	}
	for id, layer := range layers {
		if !references(o, "index-pattern", "essec-findings", "indexpattern-datasource-layer-"+id) &&
			!references(o, "index-pattern", LatestIndex, "indexpattern-datasource-layer-"+id) {
			t.Errorf("%s: layer %s references neither the essec-findings nor the %s data view", o.ID, id, LatestIndex)
		}
		if len(layer.ColumnOrder) != len(layer.Columns) {
			t.Errorf("%s: columnOrder %v does not list every column", o.ID, layer.ColumnOrder)
		}
		for cid, col := range layer.Columns {
			if col.SourceField != "___records___" && mapped[col.SourceField] == "" {
				t.Errorf("%s: column %s uses %q, which the template does not map", o.ID, cid, col.SourceField)
			}
			if col.Filter != nil {
				for _, m := range kqlField.FindAllStringSubmatch(col.Filter.Query, -1) {
					if mapped[m[1]] == "" {
						t.Errorf("%s: filter uses %q, which the template does not map", o.ID, m[1])
					}
				}
			}
		}
	}
}

func references(o savedObject, typ, id, name string) bool {
	for _, r := range o.References {
		if r.Type == typ && r.ID == id && r.Name == name {
			return true
		}
	}
	return false
}

func checkDashboard(t *testing.T, o savedObject, byID map[string]savedObject) {
	var attrs struct {
		Title                 string
		PanelsJSON            string `json:"panelsJSON"`
		OptionsJSON           string `json:"optionsJSON"`
		KibanaSavedObjectMeta struct {
			SearchSourceJSON string `json:"searchSourceJSON"`
		} `json:"kibanaSavedObjectMeta"`
	}
	if err := json.Unmarshal(o.Attributes, &attrs); err != nil {
		t.Fatalf("%s: %v", o.ID, err)
	}
	var panels []struct {
		Type         string
		PanelIndex   string `json:"panelIndex"`
		PanelRefName string `json:"panelRefName"`
	}
	if err := json.Unmarshal([]byte(attrs.PanelsJSON), &panels); err != nil {
		t.Fatalf("%s: panelsJSON: %v", o.ID, err)
	}
	for _, s := range []string{attrs.OptionsJSON, attrs.KibanaSavedObjectMeta.SearchSourceJSON} {
		if !json.Valid([]byte(s)) {
			t.Errorf("%s: embedded JSON %q is invalid", o.ID, s)
		}
	}
	if len(panels) == 0 {
		t.Fatalf("%s: no panels", o.ID)
	}
	for _, p := range panels {
		var target string
		for _, r := range o.References {
			if r.Name == p.PanelIndex+":"+p.PanelRefName && r.Type == p.Type {
				target = r.ID
			}
		}
		if obj, ok := byID[target]; !ok || obj.Type != p.Type {
			t.Errorf("%s: panel %s refers to %q, which is not a %s in the file", o.ID, p.PanelIndex, target, p.Type)
		}
	}
}

// Current posture counts the latest result per resource and check (the
// transform's index), and the dashboard leaves not applicable findings out.
func TestPostureUsesLatestAndExcludesNotApplicable(t *testing.T) {
	var tr struct {
		Source struct{ Index []string }
		Dest   struct{ Index string }
		Latest struct {
			UniqueKey []string `json:"unique_key"`
			Sort      string
		}
	}
	if err := json.Unmarshal(LatestTransform, &tr); err != nil {
		t.Fatal(err)
	}
	if tr.Dest.Index != LatestIndex || len(tr.Latest.UniqueKey) != 1 || tr.Latest.UniqueKey[0] != "essec.fingerprint" || tr.Latest.Sort != "@timestamp" {
		t.Errorf("transform %+v", tr)
	}
	if _, ok := fields()["essec.fingerprint"]; !ok {
		t.Error("the transform's key is not mapped")
	}
	// The current-posture panels' data view reads exactly the transform's
	// destination.
	found := false
	for _, o := range load(t) {
		if o.ID == LatestIndex && o.Type == "index-pattern" {
			found = true
			var dv struct{ Title string }
			json.Unmarshal(o.Attributes, &dv)
			if dv.Title != tr.Dest.Index {
				t.Errorf("data view %s reads %q, want the transform's destination %q", o.ID, dv.Title, tr.Dest.Index)
			}
		}
	}
	if !found {
		t.Errorf("no data view %s for the current-posture panels", LatestIndex)
	}
	// The history data view must not also match the latest index, or the
	// over-time panels would count every finding twice.
	if strings.HasPrefix(LatestIndex, "essec-findings") {
		t.Errorf("%s falls under the essec-findings* data view", LatestIndex)
	}
	latest := 0
	for _, o := range load(t) {
		for _, r := range o.References {
			if r.ID == LatestIndex {
				latest++
			}
		}
		if o.Type == "dashboard" && !strings.Contains(string(o.Attributes), `not essec.status : \\\"not_applicable\\\"`) {
			t.Errorf("the dashboard's query does not leave not applicable findings out: %s", o.Attributes)
		}
	}
	if latest < 2 {
		t.Errorf("%d panels read the latest findings, want the current-posture ones", latest)
	}
	var ilm struct {
		Policy struct{ Phases map[string]json.RawMessage }
	}
	if err := json.Unmarshal(ILMPolicy, &ilm); err != nil || ilm.Policy.Phases["delete"] == nil {
		t.Errorf("ILM policy without a delete phase: %v", err)
	}
}
