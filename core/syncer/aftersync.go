package syncer

import "context"

// afterSync runs Options.AfterSync once a sync has committed — the one place other engine
// packages hook into the end of a sync (the data health trend records its counts there). A
// failing hook is logged; the sync it follows has already succeeded.
func (e *Engine) afterSync(ctx context.Context, runID int64) {
	if e.opts.AfterSync == nil {
		return
	}
	if err := e.opts.AfterSync(ctx, runID); err != nil {
		e.log.Warn("after-sync step failed", "run", runID, "err", err)
	}
}
