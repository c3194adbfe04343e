package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// inputFile is one file of the input folder and what became of it.
type inputFile struct {
	name, path string
	kind       Kind
	sha256     string
	status     string // InputRead, InputSkipped or InputFailed
	reason     string
}

// ignoredName reports whether a file name is one that is never an input:
// Excel's lock files (~$budget.xlsx), hidden files, editor backups, and
// the temporary files of copies and downloads in progress.
func ignoredName(name string) bool {
	lower := strings.ToLower(name)
	switch {
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "~$"), strings.HasSuffix(name, "~"):
		return true
	case lower == "thumbs.db", lower == "desktop.ini":
		return true
	}
	for _, ext := range []string{".tmp", ".part", ".partial", ".crdownload", ".download"} {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	return false
}

// linksOut resolves the symbolic link at p and reports whether its target
// lies outside the folder in (itself resolved). A link that cannot be
// resolved is not outside: reading it fails with its own reason.
func linksOut(p, in string) (string, bool) {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", false
	}
	rel, err := filepath.Rel(in, target)
	return target, err != nil || !filepath.IsLocal(rel)
}

// tableExt are the extensions of the files given to the classifier: the
// workbooks and text tables the importer reads (.xls, to be told that it
// is a legacy format), and no extension at all. Anything else (notes,
// PDFs, pictures) is listed as skipped without being opened: a markdown
// table or a pasted report is not an export, however much it looks like
// one.
var tableExt = map[string]bool{
	".xlsx": true, ".xlsm": true, ".xls": true, ".csv": true, ".tsv": true, ".txt": true, ".tab": true, "": true,
}

// discover lists, hashes and classifies the files of the input folder, in
// name order. Files are never opened for writing.
func discover(ctx context.Context, opt *Options, now time.Time) ([]*inputFile, error) {
	entries, err := os.ReadDir(opt.In)
	if err != nil {
		return nil, fmt.Errorf("read input folder: %w", err)
	}
	in, err := filepath.EvalSymlinks(opt.In)
	if err != nil {
		return nil, fmt.Errorf("read input folder: %w", err)
	}
	var files []*inputFile
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return files, err
		}
		if ignoredName(e.Name()) {
			continue
		}
		f := &inputFile{name: e.Name(), path: filepath.Join(opt.In, e.Name())}
		if e.Type()&os.ModeSymlink != 0 && !opt.FollowSymlinks {
			if target, outside := linksOut(f.path, in); outside {
				f.status, f.reason = InputFailed, fmt.Sprintf("a symbolic link to %s, outside the input folder: refused (--follow-symlinks reads it)", target)
				files = append(files, f)
				continue
			}
		}
		first, err := os.Stat(f.path) // follows symbolic links
		if err != nil {
			f.status, f.reason = InputFailed, fmt.Sprintf("cannot read: %v", err)
			files = append(files, f)
			continue
		}
		if !first.Mode().IsRegular() {
			continue // folders (the output folder may live inside), devices
		}
		files = append(files, f)
		f.kind = KindUnknown
		if !tableExt[strings.ToLower(filepath.Ext(f.name))] {
			f.status, f.reason = InputSkipped, "not a workbook or a CSV file"
			continue
		}
		if age := now.Sub(first.ModTime()); age < opt.Settle && age > -opt.Settle {
			f.status = InputSkipped
			f.reason = fmt.Sprintf("still being written (modified %s ago, settle time %s)",
				age.Round(time.Second), opt.Settle)
			continue
		}
		if f.sha256, err = hashFile(f.path); err != nil {
			f.status, f.reason = InputFailed, fmt.Sprintf("cannot read: %v", err)
			continue
		}
		kind, err := classify(opt.Classify, f.path)
		second, serr := os.Stat(f.path)
		switch {
		case serr != nil:
			f.status, f.reason = InputSkipped, fmt.Sprintf("disappeared while being read: %v", serr)
		case second.Size() != first.Size() || !second.ModTime().Equal(first.ModTime()):
			f.status, f.reason = InputSkipped, "still being written (changed while being read)"
		case err != nil:
			// The summary names the file already.
			f.status, f.reason = InputFailed, strings.TrimPrefix(err.Error(), f.name+": ")
		case (kind == KindUnknown || kind == "") && strings.EqualFold(filepath.Ext(f.name), ".txt") && !looksTabular(f.path):
			f.status, f.reason = InputSkipped, "a text file that is not a table (notes)"
		case kind == KindUnknown || kind == "":
			// A workbook or table that is none of the known kinds may be
			// a history the classifier could not read: it is failed,
			// never skipped, so that the run says so (exit 4).
			f.status = InputFailed
			f.reason = "not recognised as history, activity, targets, teams or accounts: no header row of theirs found"
		default:
			f.kind, f.status = kind, InputRead
		}
	}
	return files, nil
}

// looksTabular reports whether a text file's first lines share a
// delimiter (, ; tab |) the same number of times: a table, not notes.
func looksTabular(path string) bool {
	fh, err := os.Open(path)
	if err != nil {
		return true // cannot tell: do not skip it silently
	}
	defer fh.Close()
	buf := make([]byte, 4096)
	n, _ := io.ReadFull(fh, buf)
	lines := strings.Split(strings.ReplaceAll(string(buf[:n]), "\r\n", "\n"), "\n")
	if n == len(buf) && len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last line may be cut
	}
	var rows []string
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			rows = append(rows, l)
		}
	}
	if len(rows) < 2 {
		return false
	}
	for _, d := range []string{",", ";", "\t", "|"} {
		k := strings.Count(rows[0], d)
		same := k > 0
		for _, r := range rows[1:min(len(rows), 10)] {
			if strings.Count(r, d) != k {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

// classify runs the classifier, turning a panic inside it (a crash in a
// third-party reader on a malformed file) into an error.
func classify(c Classifier, path string) (k Kind, err error) {
	defer func() {
		if r := recover(); r != nil {
			k, err = "", fmt.Errorf("internal error while classifying: %v", r)
		}
	}()
	return c(path)
}

// hashFile returns the hex SHA-256 of a file's content.
func hashFile(path string) (string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
