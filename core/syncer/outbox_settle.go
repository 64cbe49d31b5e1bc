package syncer

import (
	"context"
	"database/sql"
	"time"

	"xpmsync/core/store"
)

// Results a settled "Change queued for XPM" takes (see activity.ResultOf for their words).
const (
	queuedSent    = "ok"
	queuedRefused = "failed"
	queuedDropped = "skipped"
)

// bySeat names the seat that sent a change, for the words recorded with it ("" when the engine
// was not told its seat: a test, or the command line).
func (e *Engine) bySeat() string {
	if e.opts.Seat == "" {
		return ""
	}
	return " by " + e.opts.Seat
}

// seatNote is bySeat as a note after an event's words ("Sent to XPM: City · by FRONT-DESK-PC").
func (e *Engine) seatNote() string {
	if e.opts.Seat == "" {
		return ""
	}
	return " ·" + e.bySeat()
}

// sentWords is what a sent change's waiting row comes to say: when, and by which seat.
func (e *Engine) sentWords() string {
	return "sent " + e.now().Local().Format("2 Jan 15:04") + e.bySeat()
}

// markTriedTx records a failed try of item it; a change refused for good also settles its
// waiting rows with XPM's reason.
func (e *Engine) markTriedTx(ctx context.Context, tx *sql.Tx, it store.OutboxItem, state string, next time.Time, cause error) error {
	if err := e.st.SetOutboxStateTx(ctx, tx, it.ID, state, next, cause.Error()); err != nil {
		return err
	}
	if state != store.OutboxFailed {
		return nil
	}
	return e.settleQueuedTx(ctx, tx, it, queuedRefused, "Refused by XPM: "+xpmReason(cause.Error()))
}

// settleQueuedTx tells the "Change queued for XPM" rows of item it what became of it, in the
// transaction that records the outcome, so the Integration Progress row never says "Waiting"
// about a change XPM already has (or refused).
func (e *Engine) settleQueuedTx(ctx context.Context, tx *sql.Tx, it store.OutboxItem, result, outcome string) error {
	return e.st.SettleQueuedEventsTx(ctx, tx, it.ID, result, outcome)
}
