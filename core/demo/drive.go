package demo

import (
	"context"
	"errors"
	"time"

	"xpmsync/core/schedule"
	"xpmsync/core/syncer"
)

// startScheduler runs the app's scheduler on the simulated clock from now on: hourly syncs, the
// nightly full resync, retries and alerts, and the staff 24-hour rule as its periodic job.
func (b *builder) startScheduler(lastSync time.Time) {
	ctx, stop := context.WithCancel(b.ctx)
	b.stop = stop
	b.sched = schedule.New(schedule.Config{
		Syncer:   b.eng,
		Settings: b.st,
		Clock:    b.sim,
		Location: b.cfg.Location,
		Logger:   b.log,
		LastSync: lastSync,
		Record:   b.st.AddEvent,
		Jobs: []schedule.Job{func(ctx context.Context, now time.Time) error {
			_, err := b.staff.RunDue(ctx, now)
			return err
		}},
		OnRunEnd: b.onRunEnd,
		OnAlert:  b.onAlert,
	})
	b.sched.Start(ctx)
}

func (b *builder) onRunEnd(_ schedule.Run, _ syncer.Result, err error) { b.count(err) }

// count adds one finished sync to the summary.
func (b *builder) count(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sum.Syncs++
	if err != nil {
		b.sum.Failed++
	}
}

func (b *builder) onAlert(a schedule.Alert) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if a.Active {
		b.sum.Alerts++
	} else {
		b.sum.Cleared++
	}
}

// runUntil moves simulated time to t, jumping from one thing the scheduler has due to the
// next rather than minute by minute, and waiting for the scheduler to be idle at each stop so
// a step never runs beside a sync.
func (b *builder) runUntil(t time.Time) error {
	for {
		if err := b.ctx.Err(); err != nil {
			return err
		}
		if err := b.waitIdle(); err != nil {
			return err
		}
		now := b.sim.Now()
		if !now.Before(t) {
			return nil
		}
		next := t
		if b.sched != nil {
			if due := b.sched.State().Next; due.After(now) && due.Before(next) {
				next = due
			}
		}
		b.moveTo(next)
		b.report()
	}
}

// idleWait bounds how long one sync of the history may take on a slow, busy machine.
const idleWait = 2 * time.Minute

// waitIdle waits until the scheduler sleeps on its timer, i.e. no sync is running.
func (b *builder) waitIdle() error {
	if b.sched == nil {
		return nil
	}
	for deadline := time.Now().Add(idleWait); time.Now().Before(deadline); {
		if _, ok := b.sim.WaitForTimer(); ok {
			return nil
		}
		if err := b.ctx.Err(); err != nil {
			return err
		}
	}
	return errors.New("build the demo history: the scheduler stopped answering")
}

// moveTo sets both clocks to t: the fake XPM's first, so a sync the move wakes sees XPM's time.
func (b *builder) moveTo(t time.Time) {
	b.fake.Clock().Set(t)
	b.sim.Advance(t.Sub(b.sim.Now()))
}

// syncNow is a sync the practice asked for, through the scheduler as the buttons do.
func (b *builder) syncNow(kind syncer.Kind) error {
	_, err := b.sched.SyncNow(b.ctx, kind, syncer.TriggerManual)
	return err
}
