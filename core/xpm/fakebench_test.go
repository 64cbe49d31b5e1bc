package xpm_test

import (
	"context"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
	"xpmsync/core/xpmtest"
)

// countingTransport counts response body bytes so the benchmark can report MB/s.
type countingTransport struct {
	rt http.RoundTripper
	n  atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.rt.RoundTrip(r)
	if err == nil {
		resp.Body = &countingBody{ReadCloser: resp.Body, n: &c.n}
	}
	return resp, err
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

// BenchmarkListFromFake15k fetches a detailed list of 15,000 clients from the fake over
// loopback (rate limits off): the whole path a full sync's download takes.
func BenchmarkListFromFake15k(b *testing.B) {
	const n = 15_000
	ct := &countingTransport{rt: http.DefaultTransport.(*http.Transport).Clone()}
	_, c := xpmtest.Connect(b, xpmfake.Config{Clients: n, Seed: 1, PMModule: true, DisableRateLimits: true},
		xpmtest.Quiet(), xpmtest.HTTPClient(&http.Client{Transport: ct}), xpmtest.Retry(xpm.RetryPolicy{IdleReadWait: time.Minute}))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		got := 0
		err := c.ListClients(context.Background(), xpm.ListOptions{Detailed: true}, func(model.Client) error { got++; return nil })
		if err != nil || got != n {
			b.Fatalf("got %d clients: %v", got, err)
		}
	}
	b.StopTimer()
	b.SetBytes(ct.n.Load() / int64(b.N))
	b.ReportMetric(float64(n), "clients/op")
}
