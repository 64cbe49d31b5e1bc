package paths

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestDataDirFollowsEnvAndIsPrivate(t *testing.T) {
	want := filepath.Join(t.TempDir(), "nested", "data")
	t.Setenv(EnvDataDir, want)
	got, err := DataDir()
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("DataDir() = %q, want %q from %s", got, want, EnvDataDir)
	}
	assertPrivateDir(t, got)
}

func TestDefaultsLiveUnderUserFolders(t *testing.T) {
	home := t.TempDir()
	t.Setenv(EnvDataDir, "")
	t.Setenv(EnvLogDir, "")
	// Point the OS lookups at a temp home so the test never creates folders
	// in the real profile.
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "cfg"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, "cache"))
	t.Setenv("AppData", filepath.Join(home, "cfg"))
	t.Setenv("LocalAppData", filepath.Join(home, "cache"))

	cfg, _ := os.UserConfigDir()
	cache, _ := os.UserCacheDir()
	data, err := DataDir()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(cfg, "XPM Sync"); data != want {
		t.Errorf("DataDir() = %q, want %q", data, want)
	}
	logs, err := LogDir()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(cache, "XPM Sync", "logs"); logs != want {
		t.Errorf("LogDir() = %q, want %q", logs, want)
	}
	assertPrivateDir(t, data)
	assertPrivateDir(t, logs)
}

func TestEnsureMakesRelativePathsAbsolute(t *testing.T) {
	t.Chdir(t.TempDir())
	got, err := Ensure("rel/dir")
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(got) {
		t.Fatalf("Ensure returned %q, want an absolute path", got)
	}
	assertPrivateDir(t, got)
}

func assertPrivateDir(t *testing.T, dir string) {
	t.Helper()
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatalf("%s was not created: %v", dir, err)
	}
	if !fi.IsDir() {
		t.Fatalf("%s is not a folder", dir)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700 {
		t.Errorf("%s has mode %v, want 0700", dir, fi.Mode().Perm())
	}
}
