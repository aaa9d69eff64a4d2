package yamledit

// UnsafeError says that an edit could not be made with certainty; the
// change must be made by hand. The message names settings and lines, never
// values.
type UnsafeError struct{ Reason string }

func (e *UnsafeError) Error() string { return "cannot edit safely: " + e.Reason }

func unsafe(reason string) error { return &UnsafeError{Reason: reason} }
