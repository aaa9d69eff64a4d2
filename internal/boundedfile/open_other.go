//go:build !unix

package boundedfile

import "os"

// openNonBlocking opens path for reading; without O_NONBLOCK the check
// before opening is what keeps special files out.
func openNonBlocking(path string) (*os.File, error) {
	return os.Open(path)
}
