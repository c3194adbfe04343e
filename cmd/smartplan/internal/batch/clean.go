package batch

import (
	"os"
	"path/filepath"
	"regexp"
)

// staleTemp matches the temporary files of github.com/google/renameio: a
// dot, the destination's name, then digits. Only the names of files this
// tool writes are matched, so that nothing of the user's is ever removed.
var staleTemp = regexp.MustCompile(`^\.(plan\.[a-z]+|batch\.json|\.smartplan-state\.json|\.smartplan\.lock\.info)[0-9]+$`)

// cleanStale removes the temporary files a killed run left in the output
// folder and in its report folders (one level down), and returns their
// paths. It runs under the lock, so no live writer owns them.
func cleanStale(out string) ([]string, error) {
	dirs := []string{out}
	entries, err := os.ReadDir(out)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join(out, e.Name()))
		}
	}
	var removed []string
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue // a folder that vanished or is unreadable holds nothing of ours
		}
		for _, e := range entries {
			if !e.Type().IsRegular() || !staleTemp.MatchString(e.Name()) {
				continue
			}
			path := filepath.Join(dir, e.Name())
			if err := os.Remove(path); err == nil {
				removed = append(removed, path)
			}
		}
	}
	return removed, nil
}
