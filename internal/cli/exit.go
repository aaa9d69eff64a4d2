package cli

import (
	"errors"
	"fmt"
)

// Exit codes of essec (DESIGN.md).
const (
	ExitOK          = 0   // target level met, nothing failed at or above --fail-on
	ExitFindings    = 1   // a finding failed at or above --fail-on, or the target level is not met
	ExitUsage       = 2   // usage or input error: nothing was audited
	ExitIncomplete  = 3   // evidence missing: target-level checks unknown, none failed
	ExitInterrupted = 130 // interrupted (Ctrl-C)
)

// ExitError carries an exit code with an optional message and hints.
type ExitError struct {
	Code  int
	Err   error
	Hints []string
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// usageError is an input problem: exit 2 with hints.
func usageError(err error, hints ...string) error {
	return &ExitError{Code: ExitUsage, Err: err, Hints: hints}
}

// silentExit ends the command with a code and no message (the report said it).
func silentExit(code int) error { return &ExitError{Code: code} }

// CodeOf maps an error returned by a command to the process's exit code.
func CodeOf(err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return ExitUsage
}
