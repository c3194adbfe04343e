//go:build !unix

package planner

import (
	"testing"
	"time"
)

// cpuClock is not measured on this system.
func cpuClock() time.Duration { return 0 }

// reportCPU reports nothing on this system.
func reportCPU(*testing.B, time.Duration) {}
