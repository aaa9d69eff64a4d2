package collect

// CheckPaths reports every path that does not exist, cannot be read, or
// holds nothing essec reads (no elasticsearch.yml, kibana.yml or compose
// file), with the same discovery the collection uses. The CLI refuses such
// command-line paths up front: a mistyped path must not let the rest of
// the deployment pass as if it had been audited.
func CheckPaths(paths []string) []error {
	_, errs := discover(paths)
	return errs
}
