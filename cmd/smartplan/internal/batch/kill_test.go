package batch

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/renameio/v2"
)

// TestHelperKilledRun is not a test: TestKilledProcess runs the test binary
// on it as a child process, which starts a batch run, writes half a report
// and waits to be killed.
func TestHelperKilledRun(t *testing.T) {
	in, out := os.Getenv("BATCH_HELPER_IN"), os.Getenv("BATCH_HELPER_OUT")
	if in == "" || out == "" {
		t.Skip("helper process for TestKilledProcess")
	}
	f := &folder{t: t, in: in, out: out}
	r := &fakeRunner{hook: func(ctx context.Context, job Job) error {
		pf, err := renameio.NewPendingFile(filepath.Join(job.OutDir, "plan.pdf"), renameio.WithTempDir(job.OutDir))
		if err != nil {
			return err
		}
		pf.WriteString("%PDF-1.4\n% half a report")
		pf.Sync()
		os.Stdout.WriteString("READY " + pf.Name() + "\n")
		time.Sleep(time.Hour) // until killed
		return nil
	}}
	Run(context.Background(), f.opts(r))
	t.Fatal("the helper run was not killed")
}

// TestKilledProcess kills a real process in the middle of writing a report
// (SIGKILL: no defer, no cleanup) and checks that the published reports
// are intact, that the lock died with the process, and that the next run
// leaves no temporary file behind.
func TestKilledProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL semantics")
	}
	f := newFolder(t)
	f.standard()
	r := &fakeRunner{}
	if _, err := Run(context.Background(), f.opts(r)); err != nil {
		t.Fatal(err)
	}
	before := f.read("north/plan.pdf")
	f.drop("north.xlsx", "kind:targets\nnorth v2\n")

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperKilledRun$", "-test.v")
	cmd.Env = append(os.Environ(), "BATCH_HELPER_IN="+f.in, "BATCH_HELPER_OUT="+f.out)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if tmp, ok := strings.CutPrefix(sc.Text(), "READY "); ok {
				ready <- tmp
				return
			}
		}
		close(ready)
	}()
	var tmp string
	select {
	case tmp = <-ready:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the helper process never started writing")
	}
	if tmp == "" {
		cmd.Wait()
		t.Fatal("the helper process ended without writing")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	if got := f.read("north/plan.pdf"); got != before {
		t.Errorf("the published plan.pdf changed: %q", got)
	}
	if !fileExists(tmp) {
		t.Fatalf("the killed run's temporary file %s is not there: the test proves nothing", tmp)
	}
	if !fileExists(filepath.Join(f.out, infoName)) {
		t.Errorf("the killed run's lock information is not there")
	}

	// The lock died with the process: the next run works, rebuilds north
	// and removes the temporary file.
	sum, err := Run(context.Background(), f.opts(r))
	if got, want := ExitCode(sum, err), ExitOK; got != want {
		t.Fatalf("next run: exit code %d (%v), want %d", got, err, want)
	}
	if got := statuses(sum)["north.xlsx"]; got != StatusProduced {
		t.Errorf("north.xlsx: %s, want produced", got)
	}
	if fileExists(tmp) {
		t.Errorf("temporary file %s left behind", tmp)
	}
	if got := f.read("north/plan.pdf"); got == before {
		t.Errorf("north/plan.pdf was not rebuilt")
	}
}
