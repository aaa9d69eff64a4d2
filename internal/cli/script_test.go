package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/essec-dev/essec/internal/cli"
	"github.com/essec-dev/essec/internal/redact"
)

// TestMain lets testscript run the real essec command in-process.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"essec": func() {
			d := &cli.Deps{IO: cli.SystemStreams(), Build: cli.BuildInfo{Version: "test", Commit: "none", Date: "today"},
				Now: func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }, Secrets: &redact.Secrets{}}
			os.Exit(cli.Execute(context.Background(), d, os.Args[1:]))
		},
	})
}

// TestScripts runs testdata/script/*.txtar: end-to-end scenarios a user
// would try, asserting exit codes, output and files.
func TestScripts(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join(root, "testdata", "script"),
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", root)
			env.Setenv("NO_COLOR", "1")
			return nil
		},
	})
}
