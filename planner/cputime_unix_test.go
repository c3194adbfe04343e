//go:build unix

package planner

import (
	"syscall"
	"testing"
	"time"
)

// cpuClock returns the CPU time (user and system) the process has used
// so far.
func cpuClock() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU seconds per operation since start (from
// cpuClock): on a shared machine the wall time depends on the other
// processes, the CPU time much less, and cpu-s/op over s/op shows how many
// cores the benchmark kept busy.
func reportCPU(b *testing.B, start time.Duration) {
	b.Helper()
	if b.N > 0 {
		b.ReportMetric((cpuClock()-start).Seconds()/float64(b.N), "cpu-s/op")
	}
}
