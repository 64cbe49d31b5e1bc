package applog

import (
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestSetupHonoursLevelAndKeepsFilePrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "logs")
	log, c, err := Setup(dir, slog.LevelInfo)
	if err != nil {
		t.Fatal(err)
	}
	log.Debug("chatty detail")
	log.Info("sync finished", "clients", 500)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	out := readLog(t, dir)
	if strings.Contains(out, "chatty detail") {
		t.Errorf("debug record written at info level:\n%s", out)
	}
	if !strings.Contains(out, `msg="sync finished" clients=500`) {
		t.Errorf("info record missing:\n%s", out)
	}
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(LogFile(dir))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("log file mode %v, want 0600", fi.Mode().Perm())
		}
	}
}

// crashChildEnv makes the test binary act as an app that crashes after Setup.
const crashChildEnv = "XPMSYNC_APPLOG_CRASH_CHILD"

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		log, _, err := Setup(dir, slog.LevelInfo)
		if err != nil {
			os.Exit(3)
		}
		log.Info("about to crash")
		var m map[string]int
		//lint:ignore SA5000 the crash under test is a real runtime fault, not a panic message
		m["boom"]++ // a nil-map write: a real bug, not a deliberate panic message
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestCrashIsWrittenAndKeptForNextStart(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("child did not crash:\n%s", out)
	}
	report, err := os.ReadFile(CrashFile(dir))
	if err != nil {
		t.Fatalf("no crash file after a crash: %v", err)
	}
	for _, want := range []string{"XPM Sync crash report", "platform:", "assignment to entry in nil map", "goroutine 1"} {
		if !strings.Contains(string(report), want) {
			t.Errorf("crash report lacks %q:\n%s", want, report)
		}
	}

	// The next start keeps that report under its own name and says so in the log.
	log, c, err := Setup(dir, slog.LevelInfo)
	if err != nil {
		t.Fatal(err)
	}
	_ = log
	c.Close()
	reports, err := Crashes(dir)
	if err != nil || len(reports) != 1 {
		t.Fatalf("Crashes() = %v, %v; want the one saved report", reports, err)
	}
	saved, _ := os.ReadFile(reports[0])
	if string(saved) != string(report) {
		t.Errorf("saved report differs from what the crash wrote")
	}
	if out := readLog(t, dir); !strings.Contains(out, "previous run of XPM Sync crashed") || !strings.Contains(out, filepath.Base(reports[0])) {
		t.Errorf("log does not point at the saved report:\n%s", out)
	}
	// A clean run leaves nothing new behind.
	_, c2, err := Setup(dir, slog.LevelInfo)
	if err != nil {
		t.Fatal(err)
	}
	c2.Close()
	if again, _ := Crashes(dir); len(again) != 1 {
		t.Errorf("a clean start saved a crash report: %v", again)
	}
}
