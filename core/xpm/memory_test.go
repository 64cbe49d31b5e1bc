package xpm

import (
	"runtime"
	"testing"

	"xpmsync/core/model"
)

// TestDetailedListDecodesInBoundedMemory streams a generated 15,000-client detailed list
// (~50 MB, never held whole) and checks the live heap stays small while decoding.
func TestDetailedListDecodesInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("generates ~50 MB")
	}
	const n = 15_000
	body := genListReader(n)
	defer body.Close()
	cr := &countingReader{r: body}
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak uint64
	count := 0
	_, err := decodeClientList(cr, Limits{}, func(c model.Client) error {
		count++
		if count%1000 == 0 {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count != n {
		t.Fatalf("decoded %d clients, want %d", count, n)
	}
	if cr.n < 40<<20 {
		t.Fatalf("generated only %d bytes; the test needs a realistic ~50 MB list", cr.n)
	}
	grew := int64(peak) - int64(base.HeapAlloc)
	t.Logf("%d clients, %.1f MB streamed, live heap grew at most %.2f MB", n, float64(cr.n)/1e6, float64(grew)/1e6)
	if grew > 8<<20 {
		t.Errorf("live heap grew by %d bytes while streaming; decoding must not accumulate", grew)
	}
}
