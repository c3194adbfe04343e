package xlsxstream

import "io"

// asyncMin is the smallest part inflated on its own goroutine: below it,
// the goroutine costs more than it saves. asyncChunk is the size of the
// chunks that goroutine hands over; asyncDepth chunks may wait, so a part
// holds at most (asyncDepth+2)*asyncChunk bytes in flight. (Variables, so
// that a test can make the chunks small and their boundaries many.)
var (
	asyncMin   uint64 = 4 << 20
	asyncChunk        = 256 << 10
)

const asyncDepth = 4

type chunk struct {
	b   []byte
	err error
}

// asyncReader inflates a part on a goroutine of its own while the caller
// tokenizes the previous chunk: on two cores, reading a worksheet then
// costs the slower of the two, not their sum. The bytes and the errors
// arrive in the order the underlying reader gave them.
type asyncReader struct {
	full  chan chunk
	free  chan []byte
	stop  chan struct{}
	done  chan struct{}
	buf   []byte // the chunk being read, whole
	cur   []byte // what is left of it
	err   error
	close func() error
}

// newAsyncReader starts inflating r; close releases r once the goroutine
// has returned.
func newAsyncReader(r io.Reader, close func() error) *asyncReader {
	a := &asyncReader{
		full:  make(chan chunk, asyncDepth),
		free:  make(chan []byte, asyncDepth+2),
		stop:  make(chan struct{}),
		done:  make(chan struct{}),
		close: close,
	}
	for range asyncDepth + 2 {
		a.free <- make([]byte, asyncChunk)
	}
	go a.run(r)
	return a
}

func (a *asyncReader) run(r io.Reader) {
	defer close(a.done)
	for {
		var buf []byte
		select {
		case buf = <-a.free:
		case <-a.stop:
			return
		}
		n, err := io.ReadFull(r, buf)
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		select {
		case a.full <- chunk{buf[:n], err}:
		case <-a.stop:
			return
		}
		if err != nil {
			return
		}
	}
}

func (a *asyncReader) Read(p []byte) (int, error) {
	for len(a.cur) == 0 {
		if a.buf != nil {
			a.free <- a.buf // never blocks: free holds every buffer
			a.buf = nil
		}
		if a.err != nil {
			return 0, a.err
		}
		c := <-a.full
		a.buf, a.cur, a.err = c.b[:cap(c.b)], c.b, c.err
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}

// Close stops the goroutine, waits for it, then closes the part.
func (a *asyncReader) Close() error {
	select {
	case <-a.stop:
		return nil
	default:
	}
	close(a.stop)
	<-a.done
	return a.close()
}
