package main

import (
	"os"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() {
	// A soft memory limit keeps a 1,000,000-deal workbook under 400 MB: the
	// garbage collector works harder instead of letting the heap double.
	// GOMEMLIMIT in the environment still wins.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(380 << 20)
	}
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}
