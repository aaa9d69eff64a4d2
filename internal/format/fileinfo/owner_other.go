//go:build !unix

package fileinfo

import (
	"os"

	"github.com/essec-dev/essec/internal/inventory"
)

// owner leaves ownership empty where the platform has no Unix owners.
func owner(*inventory.FileInfo, os.FileInfo) {}
