package demo

import "testing"

// BenchmarkBuildHistory builds the default demo practice's three days (500 clients), as
// `make demo` does before the window is usable: sign-in excluded, every sync and step included.
func BenchmarkBuildHistory(b *testing.B) {
	for b.Loop() {
		d := buildDemo(b, 500)
		b.ReportMetric(float64(d.sum.Syncs), "syncs/op")
		b.ReportMetric(float64(d.sum.APICalls), "calls/op")
		b.ReportMetric(d.sum.Took.Seconds(), "build-s/op") // Build alone, without seeding and sign-in
	}
}
