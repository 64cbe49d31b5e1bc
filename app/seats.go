package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"xpmsync/core/leader"
	"xpmsync/core/syncer"
)

// keySyncRequest is a sync a seat that does not sync asked the syncing seat for: "full" or
// "delta", then the asking seat, then when (RFC 3339), separated by spaces.
const keySyncRequest = "sync_request"

// seatName names this computer to the other seats ("FRONT-DESK-PC").
func seatName() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		return "THIS-COMPUTER"
	}
	h, _, _ = strings.Cut(h, ".")
	return strings.ToUpper(h)
}

// startElection makes this seat take part in choosing the practice's one syncing seat.
func (s *Services) startElection() {
	s.Leader = leader.New(s.Store, seatName(), leader.Options{OnChange: func(lead bool) {
		slog.Info("syncing seat changed", "this_seat_syncs", lead)
		if sc := s.Scheduler(); sc != nil {
			sc.Reload()
		}
	}})
	s.leaderDone = make(chan struct{})
	go func() {
		defer close(s.leaderDone)
		s.Leader.Run(s.ctx)
	}()
}

// errOtherSeat is why a seat that does not sync leaves the scheduled syncs alone.
var errOtherSeat = errors.New("another seat syncs with XPM for the practice")

// syncingSeat is the seat syncing for the practice ("" = none known).
func (s *Services) syncingSeat(ctx context.Context) string {
	if s.Leader.Leader() {
		return seatName() + " (this computer)"
	}
	seat, _ := s.Store.Setting(ctx, leader.KeySeat, "")
	return seat
}

// askLeader asks the syncing seat for a sync ("Resync now" on another seat): the 5-minute
// throttle is the practice's, kept by the seat that syncs.
func (s *Services) askLeader(ctx context.Context, kind syncer.Kind) (string, error) {
	seat, _ := s.Store.Setting(ctx, leader.KeySeat, "")
	if seat == "" {
		return "", errors.New("no seat is syncing with XPM right now; open XPM Sync on a computer that is connected to XPM")
	}
	req := fmt.Sprintf("%s %s %s", kind, seatName(), time.Now().UTC().Format(time.RFC3339))
	if err := s.Store.SetSetting(ctx, keySyncRequest, req); err != nil {
		return "", fmt.Errorf("ask %s to sync: %w", seat, err)
	}
	return fmt.Sprintf("Asked %s, which syncs for the practice, to run a %s sync.", seat, kind), nil
}

// serveSyncRequests is the syncing seat's job each tick: run what another seat asked for.
func (s *Services) serveSyncRequests(ctx context.Context, _ time.Time) error {
	if !s.Leader.Leader() || !s.Store.Postgres() {
		return nil
	}
	req, err := s.Store.Setting(ctx, keySyncRequest, "")
	if err != nil || req == "" {
		return err
	}
	if err := s.Store.SetSetting(ctx, keySyncRequest, ""); err != nil {
		return err
	}
	kind, who, _ := strings.Cut(req, " ")
	who, _, _ = strings.Cut(who, " ")
	slog.Info("sync asked for by another seat", "seat", who, "kind", kind)
	if sc := s.Scheduler(); sc != nil {
		k := syncer.Delta
		if kind == syncer.Full.String() {
			k = syncer.Full
		}
		_, err = sc.Request(k)
	}
	return err
}

// AskedLeader is the answer to a sync asked for on a seat that does not sync: the syncing seat
// was asked instead, and its result shows on every seat when it is done.
type AskedLeader struct{ Message string }

func (a *AskedLeader) Error() string { return a.Message }
