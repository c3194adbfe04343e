package batch

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyTree copies the folder src to dst: what a kill at that moment leaves
// on disk.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// setOf returns the digest that the three reports of a folder share, or
// a description of what is wrong with them.
func setOf(dir string) (string, bool) {
	var digest string
	for _, ext := range []string{"xlsx", "pdf", "json"} {
		b, err := os.ReadFile(filepath.Join(dir, "plan."+ext))
		if err != nil {
			return fmt.Sprintf("plan.%s missing", ext), false
		}
		if digest != "" && string(b) != digest {
			return "a mixed set", false
		}
		digest = string(b)
	}
	return digest, true
}

// TestSetSwitchCrash kills a run (a copy of the output folder taken at
// that moment stands for the kill: no defer runs on it) after each report
// written and after every step of every report set's switch, with the
// atomic exchange and without it.
// At every step each report folder holds a whole set, the old or the new;
// the next run over what the kill left ends with every folder new and
// whole, the user's file in its report folder kept, and nothing left in
// the staging area.
func TestSetSwitchCrash(t *testing.T) {
	for _, atomic := range []bool{true, false} {
		t.Run(fmt.Sprint("exchange=", atomic), func(t *testing.T) {
			if !atomic {
				defer func(e func(a, b string) error) { exchange = e }(exchange)
				exchange = func(a, b string) error { return errNoExchange }
			}
			f := newFolder(t)
			f.standard()
			if _, err := Run(context.Background(), f.opts(&fakeRunner{})); err != nil {
				t.Fatal(err)
			}
			old := map[string]string{}
			for _, d := range []string{"north", "south"} {
				old[d], _ = setOf(filepath.Join(f.out, d))
			}
			user := filepath.Join(f.out, "north", "comments of finance.txt")
			if err := os.WriteFile(user, []byte("keep me"), 0o644); err != nil {
				t.Fatal(err)
			}
			f.drop("north.xlsx", "kind:targets\nnorth v2\n")
			f.drop("south.csv", "kind:targets\nsouth v2\n")

			snaps := t.TempDir()
			var steps []string
			r := &fakeRunner{}
			opt := f.opts(r)
			opt.afterStep = func(step string) {
				steps = append(steps, step)
				copyTree(t, f.out, filepath.Join(snaps, fmt.Sprint(len(steps))))
			}
			r.after = func(p string) { opt.afterStep("wrote " + filepath.Base(p)) }
			if _, err := Run(context.Background(), opt); err != nil {
				t.Fatal(err)
			}
			writes := "wrote plan.xlsx wrote plan.pdf wrote plan.json written "
			want := strings.Repeat(writes+"switched user files kept summary ", 2)
			if !atomic {
				want = strings.Repeat(writes+"moved aside switched user files kept summary ", 2)
			}
			want = strings.TrimSpace(want)
			if got := strings.Join(steps, " "); got != want {
				t.Errorf("steps %q, want %q", got, want)
			}
			newSets := map[string]string{}
			for _, d := range []string{"north", "south"} {
				newSets[d], _ = setOf(filepath.Join(f.out, d))
				if newSets[d] == old[d] {
					t.Fatalf("%s: the second run did not change its set", d)
				}
			}
			for i, step := range steps {
				snap := filepath.Join(snaps, fmt.Sprint(i+1))
				for _, d := range []string{"north", "south"} {
					got, ok := setOf(filepath.Join(snap, d))
					// without the exchange, a kill between the two renames
					// leaves the folder aside until the next run
					aside := !atomic && step == "moved aside" && !ok && strings.HasSuffix(got, "missing")
					if !aside && (!ok || (got != old[d] && got != newSets[d])) {
						t.Errorf("killed after step %d (%s): %s holds %s", i+1, step, d, got)
					}
				}
				// batch.json agrees with every folder: it names the set the
				// folder holds, or, while a switch runs, the two it may hold
				var sum Summary
				if b, err := os.ReadFile(filepath.Join(snap, summaryName)); err != nil || json.Unmarshal(b, &sum) != nil {
					t.Fatalf("killed after step %d (%s): batch.json unreadable: %v", i+1, step, err)
				}
				for _, d := range []string{"north", "south"} {
					held := setDigest(filepath.Join(snap, d))
					var e *TargetReport
					for k := range sum.Targets {
						if sum.Targets[k].Dir == d {
							e = &sum.Targets[k]
						}
					}
					switch {
					case e == nil:
						t.Errorf("killed after step %d (%s): batch.json has no entry for %s", i+1, step, d)
					case e.Switching != nil:
						aside := !atomic && held == "" // moved aside: the next run puts it back
						if held != e.Switching.From && held != e.Switching.To && !aside {
							t.Errorf("killed after step %d (%s): %s holds %.8s, batch.json says switching from %.8s to %.8s",
								i+1, step, d, held, e.Switching.From, e.Switching.To)
						}
					case e.Set != held:
						t.Errorf("killed after step %d (%s): %s holds %.8s, batch.json says %.8s", i+1, step, d, held, e.Set)
					}
				}
				if step == "summary" {
					// a batch.json written mid-run claims no exit code
					if b, err := os.ReadFile(filepath.Join(snap, summaryName)); err != nil || strings.Contains(string(b), "exit_code") {
						t.Errorf("killed after step %d (%s): batch.json mid-run: %v %s", i+1, step, err, b)
					}
				}
				// the next run, over what the kill left
				g := &folder{t: t, in: f.in, out: snap}
				if _, err := Run(context.Background(), g.opts(&fakeRunner{})); err != nil {
					t.Fatalf("after step %d (%s): %v", i+1, step, err)
				}
				for _, d := range []string{"north", "south"} {
					if got, ok := setOf(filepath.Join(snap, d)); !ok || got != newSets[d] {
						t.Errorf("after step %d (%s), the next run: %s holds %s, want the new set", i+1, step, d, got)
					}
				}
				if b, err := os.ReadFile(filepath.Join(snap, "north", "comments of finance.txt")); err != nil || string(b) != "keep me" {
					t.Errorf("after step %d (%s), the next run: the user's file is gone (%v)", i+1, step, err)
				}
				if _, err := os.Stat(filepath.Join(snap, setsDir)); err == nil {
					t.Errorf("after step %d (%s), the next run left the staging area", i+1, step)
				}
			}
			if b, err := os.ReadFile(user); err != nil || string(b) != "keep me" {
				t.Errorf("the user's file in north/ was not kept: %v", err)
			}
		})
	}
}
