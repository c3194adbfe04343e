package importer

import "testing"

func BenchmarkZZLoadCSV(b *testing.B) { benchLoad(b, "/tmp/h1m.csv", 1_000_000) }
func BenchmarkZZBareCSV(b *testing.B) {
	done := measureCPU(b)
	for i := 0; i < b.N; i++ {
		bareCSV(b, "/tmp/h1m.csv")
	}
	done()
}
