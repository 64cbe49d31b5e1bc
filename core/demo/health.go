package demo

import (
	"errors"
	"fmt"
	"strings"

	"xpmsync/core/health"
	"xpmsync/core/model"
	"xpmsync/core/store"
)

// fixHealth is the practice acting on Data health: it fills in the email of two of its own
// clients the review says have none (or a malformed one), through the same save the edit form
// uses, so the trend's later points are visibly lower.
func (b *builder) fixHealth() error {
	r, err := b.heal.Review(b.ctx)
	if err != nil {
		return err
	}
	fixed := 0
	for _, f := range r.Open {
		if fixed == 2 {
			break
		}
		if (f.Check != health.CheckNoEmail && f.Check != health.CheckBadEmail) || len(f.Clients) != 1 ||
			f.Clients[0].Row.Kind != store.KindLocal {
			continue
		}
		lc, err := b.st.Client(b.ctx, f.Clients[0].Row.ID)
		if err != nil {
			return fmt.Errorf("read local client %d: %w", f.Clients[0].Row.ID, err)
		}
		email := emailFor(lc.Client.Name, fixed)
		lc.Client.Email = email
		if err := b.link.Save(b.ctx, &lc); err != nil {
			return err
		}
		// A linked client's email lives in XPM (From XPM): the practice fixes it there too, as
		// Data health's "Open in XPM" suggests, or a later sync of that client would bring the
		// old one back.
		if lc.XPMUUID != "" {
			if err := b.fake.EditClient(lc.XPMUUID, func(c *model.Client) { c.Email = email }); err != nil {
				return fmt.Errorf("fix the email of %s in XPM: %w", lc.Client.Name, err)
			}
		}
		b.mark(RoleHealthFixed, lc.ID)
		fixed++
	}
	if fixed == 0 {
		return errors.New("no client email for Data health to fill in")
	}
	return nil
}

// emailFor makes a plausible office address from a client's name.
func emailFor(name string, n int) string {
	var local strings.Builder
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' {
			local.WriteRune(r)
		}
	}
	if local.Len() == 0 {
		fmt.Fprintf(&local, "client%d", n+1)
	}
	return "office@" + local.String() + ".example"
}
