package batch

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkRerunUnchanged measures a scheduled run on a folder where
// nothing changed: discovery, hashing and classification of every file,
// then every targets file skipped. Two 8 MB history exports and 40 targets
// files; bytes/s is the hashing throughput.
func BenchmarkRerunUnchanged(b *testing.B) {
	f := newFolder(b)
	big := "kind:history\n" + strings.Repeat("D-000001;Alice;North;SMB;Core;2026-01-15;2026-03-02;won;12000\n", 8<<20/64)
	f.drop("history-2025.csv", big)
	f.drop("history-2026.csv", big)
	size := int64(2 * len(big))
	for i := range 40 {
		content := fmt.Sprintf("kind:targets\nteam %d\n", i)
		f.drop(fmt.Sprintf("team-%02d.xlsx", i), content)
		size += int64(len(content))
	}
	r := &fakeRunner{}
	opt := f.opts(r)
	if _, err := Run(context.Background(), opt); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		sum, err := Run(context.Background(), opt)
		if err != nil {
			b.Fatal(err)
		}
		if n := sum.count(StatusSkipped); n != 40 {
			b.Fatalf("%d skipped, want 40", n)
		}
	}
}
