package xpm

import (
	"bytes"
	"encoding/xml"
	"io"
	"runtime"
	"runtime/metrics"
	"testing"

	"xpmsync/core/model"
)

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// detailed15k is a realistic 15,000-client detailed list in memory.
func detailed15k() []byte {
	var b bytes.Buffer
	writeGenList(&b, 15_000)
	return b.Bytes()
}

// BenchmarkDecodeDetailedList15k decodes a ~50 MB detailed list from memory: MB/s via
// SetBytes, allocations, and the peak heap in use while decoding (above the input itself).
func BenchmarkDecodeDetailedList15k(b *testing.B) {
	// Measured first, while the heap holds nothing big, so the figure is the decoder's own.
	peak := peakHeapStreaming15k(b)
	data := detailed15k()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		_, err := decodeClientList(bytes.NewReader(data), Limits{}, func(c model.Client) error { n++; return nil })
		if err != nil || n != 15_000 {
			b.Fatalf("n=%d err=%v", n, err)
		}
	}
	b.StopTimer()
	b.ReportMetric(peak/(1<<20), "peak-heap-MB")
	b.ReportMetric(15_000, "clients/op")
}

// peakHeapStreaming15k decodes the 15k list once more, streamed from a generator so the
// input is not on the heap, and returns the largest heap (live + not yet collected) seen:
// what a real sync costs while reading a 50 MB answer off the network.
func peakHeapStreaming15k(b *testing.B) float64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	heap := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	runtime.GC()
	base := heap()
	var peak uint64
	n := 0
	body := genListReader(15_000)
	defer body.Close()
	_, err := decodeClientList(body, Limits{}, func(c model.Client) error {
		n++
		if n%100 == 0 {
			peak = max(peak, heap())
		}
		return nil
	})
	if err != nil || n != 15_000 {
		b.Fatalf("n=%d err=%v", n, err)
	}
	return float64(peak) - float64(base)
}

// BenchmarkTokenize15k compares the two tokenizers measured for the detailed list: encoding/xml
// (RawToken, strict), which the decoder used first, and gosax with this package's checks
// (tokenizer), which it uses now. One op reads every token of the 15,000-client list.
func BenchmarkTokenize15k(b *testing.B) {
	data := detailed15k()
	b.Run("encoding-xml", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			d := xml.NewDecoder(bytes.NewReader(data))
			d.Strict = true
			for {
				if _, err := d.RawToken(); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("gosax-checked", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			t := newTokenizer(bytes.NewReader(data))
			for {
				if _, err := t.next(); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
