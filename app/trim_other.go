//go:build !linux || !cgo

package app

// trimCHeap does nothing where the C allocator hands memory back by itself (or cannot be asked).
func trimCHeap() {}
