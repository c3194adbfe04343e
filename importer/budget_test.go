package importer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// bigHistoryCSV writes a history of n deals.
func bigHistoryCSV(t testing.TB, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("id,owner,team,stage,amount,created,closed\n")
	for i := range n {
		fmt.Fprintf(&b, "D%07d,Rep %03d,Team %d,Won,%d,2026-01-%02d,2026-03-%02d\n", i, i%300, i%7, 1000+i%9000, 1+i%28, 1+i%28)
	}
	return writeFile(t, "big.csv", []byte(b.String()))
}

// TestBudgets: a reading past its time or memory budget is refused with
// ErrOverBudget, naming the bound, not a partial read; within them, the
// same file reads whole. Classify is bounded alike.
func TestBudgets(t *testing.T) {
	path := bigHistoryCSV(t, 200_000)
	defer func(d time.Duration) { budgetPoll = d }(budgetPoll)
	budgetPoll = time.Millisecond
	for _, tc := range []struct {
		name   string
		budget Budget
		want   string // "" when the file reads whole
	}{
		{"defaults", Budget{}, ""},
		{"no limits", Budget{Time: -1, Memory: -1}, ""},
		{"time", Budget{Time: time.Microsecond, Memory: -1}, "still reading after 1µs"},
		{"memory", Budget{Time: -1, Memory: 1 << 20}, "of memory, over the 1 MB allowed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := LoadHistory(path, Options{Budget: tc.budget})
			if tc.want == "" {
				if err != nil || len(h.Deals) != 200_000 {
					t.Fatalf("%v, %d deals; want every deal", err, len(dealsOf(h)))
				}
				return
			}
			if !errors.Is(err, ErrOverBudget) || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "big.csv") {
				t.Fatalf("error %v, want big.csv over its budget with %q", err, tc.want)
			}
			if h != nil {
				t.Errorf("a partial history came back with the error: %d deals", len(h.Deals))
			}
		})
	}
	// Classify reads through the same budget: a context already ended
	// stops it at its first read (it reads too little for a timer).
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Classify(path, Options{Context: ctx}); !errors.Is(err, context.Canceled) {
		t.Errorf("classify: %v, want the context's end", err)
	}
}

func dealsOf(h *History) []any {
	if h == nil {
		return nil
	}
	return make([]any, len(h.Deals))
}
