package enterprise

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// FileStore keeps attachment bytes under a directory, named by their
// SHA-256: Dir/attachments/ab/cd/abcd…. Content addressing makes a write
// idempotent (the same photo sent twice is stored once) and means a name
// read from the database can never point outside the store.
//
// Used with SQLite only: with PostgreSQL the bytes go in the database, so
// that any of several servers can serve any file.
type FileStore struct {
	Dir string
}

// errNoFileStore is an installation mistake, not the user's.
var errNoFileStore = errors.New("enterprise: attachments need a file store with SQLite, and none is configured")

// path returns where a file of the given hash lives, or false for a value
// that is not a SHA-256 in lower-case hex.
func (f *FileStore) path(sum string) (string, bool) {
	if len(sum) != 64 {
		return "", false
	}
	for i := 0; i < len(sum); i++ {
		if c := sum[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return "", false
		}
	}
	return filepath.Join(f.Dir, "attachments", sum[:2], sum[2:4], sum), true
}

// put stores data under its hash durably before returning: written to a
// temporary file in the same directory, synced, renamed into place, and
// the directory synced so that the rename itself survives a power cut. It
// runs before the row that names the file is committed, so a committed row
// never names a missing file; a rolled-back transaction may leave an
// unreferenced file behind, which is harmless and can be swept.
func (f *FileStore) put(sum string, data []byte) error {
	if f == nil || f.Dir == "" {
		return errNoFileStore
	}
	final, ok := f.path(sum)
	if !ok {
		return fmt.Errorf("enterprise: bad file hash %q", sum)
	}
	if st, err := os.Stat(final); err == nil && st.Size() == int64(len(data)) {
		return nil // already stored: same hash, same bytes
	}
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// Attachments hold enterprises' documents: only the server reads them.
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return err
	}
	return syncDir(dir)
}

// open opens a stored file for reading.
func (f *FileStore) open(sum string) (io.ReadCloser, error) {
	if f == nil || f.Dir == "" {
		return nil, errNoFileStore
	}
	p, ok := f.path(sum)
	if !ok {
		return nil, fmt.Errorf("enterprise: bad file hash %q", sum)
	}
	file, err := os.Open(p) // #nosec G304 -- p is the store's directory and a validated lower-case hex hash
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("enterprise: attachment file %s is missing: %w", sum, err)
	}
	return file, err
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir) // #nosec G304 -- dir is a directory of the store, made from a validated hash
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
