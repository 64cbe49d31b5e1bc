//go:build linux && cgo

package app

// #include <malloc.h>
import "C"

// trimCHeap hands the C allocator's free memory back to the system. The OpenGL driver (Mesa's
// software renderer above all) allocates and frees megabytes while it compiles the shaders of the
// first frame, and glibc keeps those pages until asked.
func trimCHeap() { C.malloc_trim(0) }
