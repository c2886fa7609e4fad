package observe

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// ErrMalformed is matched (errors.Is) by every error about a line that is
// not an observation.
var ErrMalformed = errors.New("not a PBT observation")

// maxLine bounds one line, so that a corrupt file cannot make a reader
// hold all of it in one line.
const maxLine = 16 << 20

// A ReadError says which line of which file is not an observation, and
// why. Col is the 1-based column (byte) where the JSON went wrong, or 0
// when the line is valid JSON but not an observation.
type ReadError struct {
	File      string
	Line, Col int
	Err       error
}

// Error names the file, line and column where the observations could not
// be read, and why.
func (e *ReadError) Error() string {
	if e.Col > 0 {
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Col, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

// Unwrap returns the cause.
func (e *ReadError) Unwrap() error { return e.Err }

// Is reports that a ReadError is ErrMalformed.
func (e *ReadError) Is(target error) bool { return target == ErrMalformed }

// Read reads observations, one JSON object a line (blank lines are
// skipped), from r; name is the file name its errors give.
func Read(r io.Reader, name string) ([]Observation, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var out []Observation
	for lineNo := 1; ; lineNo++ {
		line, err := readLine(br)
		if err == io.EOF && len(line) == 0 {
			return out, nil
		}
		if err != nil && err != io.EOF {
			if errors.Is(err, errLongLine) {
				return out, &ReadError{File: name, Line: lineNo, Err: err}
			}
			return out, fmt.Errorf("observe: reading %s: %w", name, err)
		}
		if len(bytes.TrimSpace(line)) > 0 {
			var o Observation
			if uerr := json.Unmarshal(line, &o); uerr != nil {
				return out, lineError(name, lineNo, line, uerr, err == io.EOF)
			}
			out = append(out, o)
		}
		if err == io.EOF {
			return out, nil
		}
	}
}

var errLongLine = fmt.Errorf("line longer than %d bytes", maxLine)

func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxLine {
			return nil, errLongLine
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimSuffix(line, []byte("\n")), err
	}
}

func lineError(name string, lineNo int, line []byte, err error, last bool) error {
	e := &ReadError{File: name, Line: lineNo, Err: err}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		e.Col = int(se.Offset)
		if e.Col < 1 {
			e.Col = 1
		}
		if last && se.Offset >= int64(len(line)) {
			e.Err = fmt.Errorf("the last line is cut short (%w)", err)
		}
	case errors.As(err, &te):
		e.Col = int(te.Offset)
		e.Err = fmt.Errorf("%q is a %s, want %s", te.Field, te.Value, te.Type)
	}
	return e
}

// ReadFile reads the observations of one file.
func ReadFile(path string) ([]Observation, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("observe: %w", err)
	}
	defer f.Close()
	return Read(f, path)
}

// ReadDir reads the observations of every *.jsonl file in dir (not its
// subdirectories), in file name order. It fails on the first file that
// does not read, naming it, and when dir holds no observations file.
func ReadDir(dir string) ([]Observation, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, fmt.Errorf("observe: %w", err)
	}
	if len(paths) == 0 {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("observe: %w", err)
		}
		return nil, fmt.Errorf("observe: %s holds no observations (*.jsonl files)", dir)
	}
	sort.Strings(paths)
	var out []Observation
	for _, p := range paths {
		obs, err := ReadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, obs...)
	}
	return out, nil
}
