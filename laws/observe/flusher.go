package observe

import (
	"os"
	"sync"
)

// A flusher writes a file in large blocks on a goroutine of its own, so
// that the goroutine observing cases encodes them and goes on while the
// file system takes the previous block. At most three blocks exist: one
// being filled, one waiting, one being written; a writer that fills a
// block while another waits blocks until it is taken, which bounds the
// memory a fast producer can use.
type flusher struct {
	f    *os.File
	buf  []byte // the block being filled
	size int
	full chan []byte
	free chan []byte
	done chan struct{}

	mu  sync.Mutex
	err error // the first write error
}

// blocks keeps the blocks of closed flushers for the next ones: a law run
// is short, and allocating its blocks anew each time would make work for
// the garbage collector on every run.
var blocks sync.Pool

func newBlock(size int) []byte {
	if b, ok := blocks.Get().(*[]byte); ok && cap(*b) >= size {
		return (*b)[:0]
	}
	return make([]byte, 0, size+size/4)
}

func putBlock(b []byte) {
	b = b[:0]
	blocks.Put(&b)
}

func newFlusher(f *os.File, size int) *flusher {
	fl := &flusher{f: f, buf: newBlock(size), size: size,
		full: make(chan []byte, 1), free: make(chan []byte, 2), done: make(chan struct{})}
	go fl.loop()
	return fl
}

func (fl *flusher) loop() {
	defer close(fl.done)
	for b := range fl.full {
		if fl.failed() == nil {
			if _, err := fl.f.Write(b); err != nil {
				fl.mu.Lock()
				fl.err = err
				fl.mu.Unlock()
			}
		}
		select {
		case fl.free <- b[:0]:
		default: // enough blocks to reuse already
			putBlock(b)
		}
	}
}

func (fl *flusher) failed() error {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	return fl.err
}

// filled hands the block to the goroutine once it holds size bytes, and
// reports whether it did.
func (fl *flusher) filled() bool {
	if len(fl.buf) < fl.size {
		return false
	}
	fl.full <- fl.buf
	select {
	case b := <-fl.free:
		fl.buf = b
	default:
		fl.buf = newBlock(fl.size)
	}
	return true
}

// close writes what is left, waits for the goroutine and returns the
// first write error.
func (fl *flusher) close() error {
	if len(fl.buf) > 0 {
		fl.full <- fl.buf
		fl.buf = nil
	}
	close(fl.full)
	<-fl.done
	close(fl.free)
	for b := range fl.free {
		putBlock(b)
	}
	return fl.failed()
}
