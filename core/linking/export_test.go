package linking

// SetMirrorHook lets tests run something between reading and writing a refreshed client's sync
// run; nil removes it.
func SetMirrorHook(fn func()) { mirrorHook = fn }
