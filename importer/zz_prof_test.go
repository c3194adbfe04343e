package importer
import ("testing";"os")
func BenchmarkZZGen(b *testing.B) {
	p := genHistoryCSV(b, 1_000_000)
	data, _ := os.ReadFile(p)
	os.WriteFile("/tmp/h1m.csv", data, 0o644)
	x := genHistoryXLSX(b, 100_000)
	data, _ = os.ReadFile(x)
	os.WriteFile("/tmp/h100k.xlsx", data, 0o644)
}
func BenchmarkZZLoadCSV(b *testing.B) { benchLoad(b, "/tmp/h1m.csv", 1_000_000) }
func BenchmarkZZLoadXLSX(b *testing.B) { benchLoad(b, "/tmp/h100k.xlsx", 100_000) }
func BenchmarkZZBareCSV(b *testing.B) {
	done := measureCPU(b)
	for i := 0; i < b.N; i++ { bareCSV(b, "/tmp/h1m.csv") }
	done()
}
func BenchmarkZZExcelize(b *testing.B) {
	done := measureCPU(b)
	defer done()
	for i := 0; i < b.N; i++ { excelizeWalk(b, "/tmp/h100k.xlsx") }
}
