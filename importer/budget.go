package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"time"
)

// Defaults of Budget, for a 2-core VM with 2 GB of memory: a legitimate
// export of a million deals reads in about 5 s and holds about 200 MB.
const (
	DefaultFileTime   = 2 * time.Minute
	DefaultFileMemory = 1 << 30
)

// A Budget bounds the reading of one input file. Past either bound the
// file is refused with ErrOverBudget, naming the bound, and the caller
// goes on with its other files: a file nobody watches cannot stall a
// scheduled run or exhaust the machine's memory.
type Budget struct {
	// Time is the wall time the reading may take; 0 = DefaultFileTime,
	// negative = no limit.
	Time time.Duration
	// Memory is the heap the reading may add to what the process held
	// when it started (live objects, measured after a collection when the
	// bound seems reached); 0 = DefaultFileMemory, negative = no limit.
	// The heap measured is the whole process's: the callers read one file
	// at a time, with nothing else allocating meanwhile.
	Memory int64
}

// ErrOverBudget is the error of a file whose reading went past its Budget.
var ErrOverBudget = errors.New("over its reading budget")

// budgetPoll is how often the memory of a reading is looked at.
var budgetPoll = 20 * time.Millisecond

// withBudget runs load with opt.ctx cancelled when the reading of file
// (its name, for messages) goes past opt.Budget, or when opt.Context ends.
// Every read of the file checks opt.ctx (budgetFile), so the reading stops
// at its next read, and the error returned is the budget's.
func withBudget[T any](file string, opt Options, load func(Options) (T, error)) (T, error) {
	parent := opt.Context
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)
	if d := opt.Budget.Time; d >= 0 {
		if d == 0 {
			d = DefaultFileTime
		}
		t := time.AfterFunc(d, func() {
			cancel(fmt.Errorf("%w: still reading after %s (file_budget: seconds in the configuration)", ErrOverBudget, d))
		})
		defer t.Stop()
	}
	if limit := opt.Budget.Memory; limit >= 0 {
		if limit == 0 {
			limit = DefaultFileMemory
		}
		// The level at the start is the heap live after a collection:
		// the garbage of earlier work is not counted as room, and its
		// collection later is not mistaken for this reading's doing. A
		// heap under an eighth of the limit is taken as it is (its
		// garbage can hide no more than that), sparing small files a
		// collection each.
		if heapObjects() > limit/8 {
			runtime.GC()
		}
		done := make(chan struct{})
		defer close(done)
		go watchMemory(ctx, done, heapObjects(), limit, budgetPoll, cancel)
	}
	opt.ctx = ctx
	v, err := load(opt)
	// A reading stopped by its budget may have ended as a row error that
	// the loader reported and read past: whatever it returned is partial.
	if ctx.Err() != nil {
		var zero T
		return zero, fileErr(file, context.Cause(ctx))
	}
	return v, err
}

// watchMemory cancels the reading when the heap grows by more than limit
// over base, the live heap at its start. The heap counts garbage not yet
// collected: past the limit, a collection is forced (at most every half
// second) and only the live objects are compared.
func watchMemory(ctx context.Context, done <-chan struct{}, base, limit int64, poll time.Duration, cancel func(error)) {
	tick := time.NewTicker(poll)
	defer tick.Stop()
	var lastGC time.Time
	for {
		select {
		case <-done:
			return
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if heapObjects()-base <= limit || time.Since(lastGC) < 500*time.Millisecond {
			continue
		}
		runtime.GC()
		lastGC = time.Now()
		if used := heapObjects() - base; used > limit {
			cancel(fmt.Errorf("%w: its reading held %s of memory, over the %s allowed (file_budget: memory_mb in the configuration)",
				ErrOverBudget, sizeMB(used), sizeMB(limit)))
			return
		}
	}
}

// heapObjects is the memory of the heap's objects, live or not yet
// collected.
func heapObjects() int64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(sample[0].Value.Uint64())
}

func sizeMB(n int64) string { return fmt.Sprintf("%d MB", n>>20) }

// budgetFile is an input file read under its budget: each read first
// checks the budget's context, so that a reading past its time or memory
// budget stops at its next read (every reader, the CSV's, the zip's and
// the hash's, reads through it).
type budgetFile struct {
	*os.File
	ctx context.Context
}

func (f *budgetFile) live() error {
	if f.ctx != nil && f.ctx.Err() != nil {
		return context.Cause(f.ctx)
	}
	return nil
}

func (f *budgetFile) Read(p []byte) (int, error) {
	if err := f.live(); err != nil {
		return 0, err
	}
	return f.File.Read(p)
}

func (f *budgetFile) ReadAt(p []byte, off int64) (int, error) {
	if err := f.live(); err != nil {
		return 0, err
	}
	return f.File.ReadAt(p, off)
}

// WriteTo copies through Read, so that io.Copy checks the budget too
// (os.File's own WriteTo would bypass it).
func (f *budgetFile) WriteTo(w io.Writer) (int64, error) {
	return io.Copy(w, struct{ io.Reader }{f})
}
