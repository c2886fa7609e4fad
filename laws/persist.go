package laws

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// DefaultSaveDir is where [Check] and [CheckAll] keep failing cases,
// relative to the package under test (go test runs there). Commit the
// files that a fix should keep passing, or delete them.
const DefaultSaveDir = "testdata/laws"

// SavedFormat names the version of the saved-cases files.
const SavedFormat = "kgents-laws-cases/1"

// savedFile is the file of the failing cases of one law of one instance.
// Each case is kept as the engine and seed that make it the first case
// generated (so that it replays, and shrinks, as when it was found) and
// its variables as text and JSON for the reader.
type savedFile struct {
	path     string
	Format   string      `json:"format"`
	Instance string      `json:"instance"`
	Law      string      `json:"law"`
	Equation string      `json:"equation"`
	Cases    []savedCase `json:"cases"`
}

type savedCase struct {
	Engine   Engine          `json:"engine"`
	Seed     string          `json:"seed"`
	Status   Status          `json:"status"`
	Found    time.Time       `json:"found"`
	Bindings []RecordBinding `json:"bindings"`
}

// savedPath is the file of instance's law under dir; names keep only
// characters that are safe in file names everywhere.
func savedPath(dir, instance, law string) string {
	return filepath.Join(dir, safeName(instance), safeName(law)+".json")
}

func safeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// loadSaved reads the saved cases of a law; a missing file has none.
func loadSaved(dir string, in Instance, l Law) (*savedFile, error) {
	f := &savedFile{path: savedPath(dir, in.Name, l.Name), Format: SavedFormat, Instance: in.Name, Law: l.Name, Equation: l.Equation}
	data, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return f, fmt.Errorf("laws: saved cases: %w", err)
	}
	cases, err := parseSaved(f.path, data)
	if err != nil {
		return f, err
	}
	f.Cases = cases
	return f, nil
}

// parseSaved decodes the saved cases file at path.
func parseSaved(path string, data []byte) ([]savedCase, error) {
	var disk savedFile
	if err := json.Unmarshal(data, &disk); err != nil {
		return nil, fmt.Errorf("laws: saved cases %s: %w", where(path, data, err), err)
	}
	if disk.Format != SavedFormat {
		return nil, fmt.Errorf("laws: saved cases %s: format %q, want %q", path, disk.Format, SavedFormat)
	}
	for i, c := range disk.Cases {
		if _, err := ParseEngine(string(c.Engine)); err != nil {
			return nil, fmt.Errorf("laws: saved cases %s: case %d: %w", path, i+1, err)
		}
		if _, err := strconv.ParseUint(c.Seed, 10, 64); err != nil {
			return nil, fmt.Errorf("laws: saved cases %s: case %d: seed %q is not a uint64", path, i+1, c.Seed)
		}
	}
	return disk.Cases, nil
}

// where returns file:line:col of a JSON decoding error, when it has an
// offset.
func where(path string, data []byte, err error) string {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return path
	}
	line := 1 + strings.Count(string(data[:off]), "\n")
	col := int(off) - strings.LastIndex(string(data[:off]), "\n")
	return fmt.Sprintf("%s:%d:%d", path, line, col)
}

// replaySaved runs the saved cases of a law, in order, before anything
// else. It returns the file (to add new cases to), and, when a saved case
// still fails, that result and replayed true. Notes tell about saved cases
// that now pass. A file that cannot be read errors the law: its cases
// must not be silently skipped.
func replaySaved(in Instance, law Law, c config) (*savedFile, Result, bool, []string) {
	f, err := loadSaved(c.saveDir, in, law)
	if err != nil {
		return nil, Result{Status: Errored, Engine: c.engine, Message: err.Error()}, true, nil
	}
	var notes []string
	for _, sc := range f.Cases {
		seed, _ := strconv.ParseUint(sc.Seed, 10, 64)
		cc := c
		cc.engine, cc.seed, cc.checks, cc.explicitChecks = sc.Engine, seed, 1, true
		r := runEngine(law, cc)
		if r.Status != Passed {
			r.Cases = 0
			notes = append(notes, fmt.Sprintf("replayed first the case saved in %s (found %s): it still fails", f.path, sc.Found.Format(time.DateOnly)))
			return f, r, true, notes
		}
		notes = append(notes, fmt.Sprintf("the case saved in %s (%s seed %s, found %s) now passes: delete it once the fix is settled", f.path, sc.Engine, sc.Seed, sc.Found.Format(time.DateOnly)))
	}
	return f, Result{}, false, notes
}

// add saves the failing case of r, and returns a note saying where.
func (f *savedFile) add(in Instance, l Law, r Result) string {
	if r.Seed == 0 || r.Counterexample == nil {
		return ""
	}
	sc := savedCase{Engine: r.Engine, Seed: strconv.FormatUint(r.Seed, 10), Status: r.Status, Found: time.Now().UTC().Truncate(time.Second)}
	for _, old := range f.Cases {
		if old.Engine == sc.Engine && old.Seed == sc.Seed {
			return ""
		}
	}
	for _, b := range r.Counterexample.Bindings {
		sc.Bindings = append(sc.Bindings, RecordBinding{Name: b.Name, RecordValue: ValueOf(b.Value)})
	}
	f.Cases = append(f.Cases, sc)
	if err := f.write(); err != nil {
		f.Cases = f.Cases[:len(f.Cases)-1]
		return fmt.Sprintf("could not save this case: %v", err)
	}
	return fmt.Sprintf("saved this case to %s: it is tried first on every run until that file is deleted", f.path)
}

func (f *savedFile) write() error {
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.path), ".laws-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), f.path)
}
