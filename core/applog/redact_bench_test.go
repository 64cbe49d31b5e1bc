package applog

import (
	"errors"
	"io"
	"log/slog"
	"testing"
)

// BenchmarkLogRecord measures what redaction adds to a log call, for the
// common record with nothing to mask and for one carrying a token in an error.
func BenchmarkLogRecord(b *testing.B) {
	clean := errors.New(`Get "https://api.xero.com/practicemanager/3.1/client.api/list?detailed=true": connection reset`)
	secret := errors.New(`Post "https://identity.xero.com/connect/token?refresh_token=` + refresh + `": connection reset`)
	for _, h := range []struct {
		name string
		h    slog.Handler
	}{
		{"plain", slog.NewTextHandler(io.Discard, nil)},
		{"redacting", NewRedactingHandler(slog.NewTextHandler(io.Discard, nil))},
	} {
		for _, rec := range []struct {
			name string
			err  error
		}{{"clean", clean}, {"token", secret}} {
			b.Run(h.name+"/"+rec.name, func(b *testing.B) {
				log := slog.New(h.h)
				b.ReportAllocs()
				for b.Loop() {
					log.Info("pulled page of clients", "page", 3, "clients", 100,
						"tenant", "7c5a1b2e-3f4d-4e6a-8b9c-0d1e2f3a4b5c", "err", rec.err)
				}
			})
		}
	}
}
