package xpmfake_test

import (
	"io"
	"net/http"
	"testing"

	"xpmsync/core/xpmfake"
)

const benchClients = 15000

// BenchmarkSeed15000 measures building a 15,000-client practice.
func BenchmarkSeed15000(b *testing.B) {
	for b.Loop() {
		xpmfake.New(xpmfake.Config{Clients: benchClients, Seed: 2026, PMModule: true})
	}
}

// BenchmarkDetailedList15000 serves client.api/list?detailed=true for 15,000 clients over
// loopback HTTP; bytes/op is the body size, so MB/s is the fake's serving rate.
func BenchmarkDetailedList15000(b *testing.B) {
	se := newSession(b, xpmfake.Config{Clients: benchClients, Seed: 2026, PMModule: true, DisableRateLimits: true})
	req, _ := http.NewRequest("GET", se.base+"/practicemanager/3.1/client.api/list?detailed=true", nil)
	req.Header.Set("Authorization", "Bearer "+se.tok.AccessToken)
	req.Header.Set("xero-tenant-id", se.tenant)
	var n int64
	b.ResetTimer()
	for b.Loop() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("status %d err %v", resp.StatusCode, err)
		}
	}
	b.SetBytes(n)
	b.ReportMetric(float64(n)/1e6, "MB/body")
}
