package demo

import (
	"errors"
	"fmt"
	"strings"

	"xpmsync/core/staff"
	"xpmsync/core/syncer"
)

// firstSync is the day the practice connected: it brings over most of XPM's staff as team
// members, imports every XPM client (import-all on, From XPM, Everything) in one full sync,
// and lets the scheduler take over.
func (b *builder) firstSync() error {
	p := syncer.DefaultPolicy()
	p.ImportAll = true
	if err := b.eng.SavePolicy(b.ctx, p); err != nil {
		return err
	}
	if err := b.staff.Refresh(b.ctx); err != nil {
		return err
	}
	xs, err := b.st.XPMStaff(b.ctx)
	if err != nil {
		return err
	}
	if len(xs) < 4 {
		return fmt.Errorf("the demo practice has %d staff; at least 4 are needed", len(xs))
	}
	// The seed makes the first staff the partners; two of the rest are kept back for the
	// links the practice makes by email and by hand.
	b.cast.reserved = xs[len(xs)-2:]
	var uuids []string
	for _, x := range xs[:len(xs)-2] {
		uuids = append(uuids, x.UUID)
	}
	if _, err := b.staff.Import(b.ctx, uuids); err != nil {
		return err
	}
	_, at, ok := strings.Cut(xs[0].Email, "@")
	if !ok {
		at = "practice.example"
	}
	b.cast.domain = at
	started := b.sim.Now()
	if _, err := b.eng.Sync(b.ctx, syncer.Full, syncer.TriggerManual, nil); err != nil {
		return err
	}
	b.count(nil)
	b.startScheduler(started)
	return nil
}

// addTeam adds three people: one XPM knows by email (linked at once), one with a personal
// email linked to their XPM staff record by hand, and a newcomer XPM does not have yet (created
// there by the 24-hour rule a day later).
func (b *builder) addTeam() error {
	byEmail, byHand := b.cast.reserved[0], b.cast.reserved[1]
	m, err := b.staff.AddMember(b.ctx, staff.Member{Name: byEmail.Name, Email: byEmail.Email, Phone: byEmail.Phone})
	if err != nil {
		return err
	}
	if !m.Linked() {
		return fmt.Errorf("%s was not linked by email", m.Name)
	}
	personal := strings.ToLower(strings.ReplaceAll(byHand.Name, " ", ".")) + "@gmail.com"
	h, err := b.staff.AddMember(b.ctx, staff.Member{Name: byHand.Name, Email: personal})
	if err != nil {
		return err
	}
	if err := b.staff.Link(b.ctx, h.ID, byHand.UUID); err != nil {
		return err
	}
	_, err = b.staff.AddMember(b.ctx, staff.Member{Name: "Aroha Ngata", Email: "aroha.ngata@" + b.cast.domain, Mobile: "021 555 0188"})
	return err
}

// newcomer joins near the end: still waiting for the 24-hour rule when the history stops.
func (b *builder) newcomer() error {
	m, err := b.staff.AddMember(b.ctx, staff.Member{Name: "Liam O'Connell", Email: "liam.oconnell@" + b.cast.domain, Phone: "09 555 0175"})
	if err != nil {
		return err
	}
	if m.CreateDue.IsZero() {
		return errors.New("the newcomer was not set to be created in XPM")
	}
	return nil
}

// resyncNow is the practice pressing "Resync now", through the scheduler as the button does.
func (b *builder) resyncNow() error { return b.syncNow(syncer.Delta) }
