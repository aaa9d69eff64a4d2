// Package boundedfile reads the files essec is given or finds, refusing
// what would hang or exhaust memory: a path is read only when it is a
// regular file, through a size limit suited to what the file is.
//
// A FIFO, a device or a socket named where a configuration file or a key is
// expected would block the run or never end; a multi-gigabyte file (a log
// named by mistake, a sparse file) would exhaust memory before any parser
// could refuse it. Every file essec opens goes through Read.
package boundedfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// Kind names what a file is expected to be and how large it may be.
type Kind struct {
	// Name is worded for messages: "configuration file", "keystore".
	Name string
	// Limit is the largest size accepted, in bytes.
	Limit int64
}

// The kinds of files essec reads. Real files are far smaller than these
// limits; the limits only stop a wrong path from costing memory.
var (
	Config     = Kind{"configuration file", 16 << 20}   // elasticsearch.yml, kibana.yml
	Compose    = Kind{"compose file", 16 << 20}         // docker-compose.yml
	EnvFile    = Kind{"environment file", 4 << 20}      // env_file, .env
	JVMOptions = Kind{"JVM options file", 4 << 20}      // jvm.options, jvm.options.d
	Keystore   = Kind{"keystore", 16 << 20}             // elasticsearch.keystore, kibana.keystore
	TLS        = Kind{"TLS file", 8 << 20}              // certificates, keys, PKCS#12, JKS
	Inventory  = Kind{"inventory file", 16 << 20}       // essec.yaml
	Secret     = Kind{"secret file", 64 << 10}          // --password-file and kin
	Waivers    = Kind{"waiver file", 16 << 20}          // --ignore
	Document   = Kind{"input document", 256 << 20}      // --input
	Report     = Kind{"baseline report", 256 << 20}     // --baseline
	Inspected  = Kind{"file to inspect", 16 << 20}      // essec inspect's argument
	Metadata   = Kind{"package metadata file", 1 << 20} // Kibana's package.json
	Any        = Kind{"file", 16 << 20}                 // files sorted by content
	Policy     = Kind{"policy file", 4 << 20}           // --policy-dir *.rego
	Plan       = Kind{"saved plan", 64 << 20}           // essec fix --out, backup manifests
)

// ErrNotRegular is matched (errors.Is) by the error of a path that is a
// directory, FIFO, device or socket.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is matched (errors.Is) by the error of a file over its limit.
var ErrTooLarge = errors.New("over the size limit")

// Error is why a file was not read. It wraps the cause, so errors.Is finds
// fs.ErrNotExist, fs.ErrPermission, ErrNotRegular or ErrTooLarge.
type Error struct {
	Path string
	// Reason is the user's wording without the path: "is a FIFO, not a
	// regular file", "permission denied".
	Reason string
	Err    error
}

// Error implements error: "<path>: <reason>".
func (e *Error) Error() string { return e.Path + ": " + e.Reason }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Read returns the content of the regular file at path, at most kind.Limit
// bytes. Symbolic links are followed. The file is opened without blocking
// and checked again once open, so a FIFO swapped in after the first check
// cannot hang the run.
func Read(path string, kind Kind) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, wrap(path, err)
	}
	if err := check(path, st, kind); err != nil {
		return nil, err
	}
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, wrap(path, err)
	}
	defer f.Close()
	st, err = f.Stat()
	if err != nil {
		return nil, wrap(path, err)
	}
	if err := check(path, st, kind); err != nil {
		return nil, err
	}
	// The file may grow after the check: read one byte past the limit.
	data, err := io.ReadAll(io.LimitReader(f, kind.Limit+1))
	if err != nil {
		return nil, wrap(path, err)
	}
	if int64(len(data)) > kind.Limit {
		return nil, tooLarge(path, int64(len(data)), kind, "more than ")
	}
	return data, nil
}

// check refuses what is not a regular file or is over the limit.
func check(path string, st fs.FileInfo, kind Kind) error {
	if !st.Mode().IsRegular() {
		return &Error{Path: path, Reason: "is " + describeType(st.Mode()) + ", not a regular file", Err: ErrNotRegular}
	}
	if st.Size() > kind.Limit {
		return tooLarge(path, st.Size(), kind, "")
	}
	return nil
}

func tooLarge(path string, size int64, kind Kind, more string) error {
	return &Error{Path: path, Err: ErrTooLarge,
		Reason: fmt.Sprintf("%s%s is over the %s limit for a %s", more, Size(size), Size(kind.Limit), kind.Name)}
}

// describeType names a non-regular file type with its article.
func describeType(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "not a file"
}

// wrap turns an os error into an *Error worded for the user.
func wrap(path string, err error) error {
	return &Error{Path: path, Reason: Reason(err), Err: err}
}

// Reason words why a file could not be examined, without its path: "not
// found", "permission denied", "too many levels of symbolic links", or the
// refusal of Read. It tells a file that exists but cannot be read from one
// that does not exist.
func Reason(err error) string {
	var be *Error
	if errors.As(err, &be) && be.Reason != "" {
		return be.Reason
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "not found"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(err, syscall.ELOOP):
		return "too many levels of symbolic links (a symlink loop)"
	case errors.Is(err, syscall.ENOTDIR):
		return "a component of the path is not a directory"
	case errors.Is(err, syscall.ENAMETOOLONG):
		return "the path is too long"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Size words a byte count as a person reads it: "512 bytes", "16 MiB",
// "3.2 GB" (decimal units above the MiB limits read as a disk size).
func Size(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n%(1<<10) == 0 && n < 1<<20:
		return fmt.Sprintf("%d KiB", n>>10)
	case n < 1e6:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	case n < 1e9:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1f GB", float64(n)/1e9)
}
