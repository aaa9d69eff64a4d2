// Package policies embeds essec's Rego checks: one package per check under
// essec.checks, shared helpers in essec.lib, each check with its _test.rego.
package policies

import "embed"

// FS holds every .rego file of the catalogue.
//
//go:embed */*.rego
var FS embed.FS
