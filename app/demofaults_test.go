package app

import (
	"testing"
	"time"
)

func TestParseDemoFaults(t *testing.T) {
	f, err := ParseDemoFaults("rate5xx=0.3, latency=200ms,malformed,burst429=4")
	if err != nil {
		t.Fatal(err)
	}
	if f.Rate5xx != 0.3 || f.Latency != 200*time.Millisecond || !f.MalformedXML || f.Burst429 != 4 || f.TruncateXML {
		t.Fatalf("%+v", f)
	}
	for _, bad := range []string{"rate5xx=2", "latency=soon", "explode"} {
		if _, err := ParseDemoFaults(bad); err == nil {
			t.Fatalf("%q accepted", bad)
		}
	}
}
