// Package remediations turns an audit's failing findings into a plan of
// repairs (configuration edits, keystore entries, new files, restarts and
// manual steps) and applies a plan as one transaction that can be rolled
// back byte for byte. Remediation modules are listed in one place
// (Modules); each declares the checks it fixes.
package remediations
