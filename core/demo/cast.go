package demo

import (
	"fmt"
	"strings"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
)

// cast is who the history's steps act on, chosen from the seeded practice as it goes.
type cast struct {
	reserved []model.Staff      // XPM staff kept back to be linked by email and by hand
	local    []int64            // the practice's own clients, not in XPM
	newXPM   []model.Client     // clients added in XPM after import-all was turned off
	used     map[string]bool    // XPM clients a step already gave a part
	next     int                // where the next pick starts
	domain   string             // the practice's email domain
	edits    int                // XPM edits made so far, to vary them
	marks    map[string][]int64 // notable local clients by role, for the caller and tests
}

// pick chooses n live XPM clients that are linked here and pass ok (given the XPM client and
// its local record), a different set each time, in a fixed order so every build tells the same
// story.
func (b *builder) pick(n int, ok func(model.Client, store.LocalClient) bool) ([]store.LocalClient, error) {
	linked, err := b.st.LinkedClientIDs(b.ctx)
	if err != nil {
		return nil, err
	}
	all := b.fake.Clients()
	if b.cast.used == nil {
		b.cast.used = map[string]bool{}
	}
	var out []store.LocalClient
	for i := 0; i < len(all) && len(out) < n; i++ {
		b.cast.next = (b.cast.next + 7) % len(all)
		x := all[b.cast.next]
		id, isLinked := linked[x.UUID]
		if !isLinked || x.IsArchived || x.IsDeleted || b.cast.used[x.UUID] {
			continue
		}
		lc, err := b.st.Client(b.ctx, id)
		if err != nil {
			return nil, fmt.Errorf("read local client %d: %w", id, err)
		}
		if ok != nil && !ok(x, lc) {
			continue
		}
		b.cast.used[x.UUID] = true
		out = append(out, lc)
	}
	if len(out) < n {
		return out, fmt.Errorf("only %d of %d suitable clients in the demo practice", len(out), n)
	}
	return out, nil
}

// hasContacts: the client has contacts that passed the checks and are stored here.
func hasContacts(_ model.Client, lc store.LocalClient) bool {
	for _, ct := range lc.Client.Contacts {
		if ct.UUID != "" && ct.Email != "" && !syncer.IsDerivedContact(ct) {
			return true
		}
	}
	return false
}

func hasPhone(x model.Client, _ store.LocalClient) bool { return strings.TrimSpace(x.Phone) != "" }

func hasRelationships(x model.Client, _ store.LocalClient) bool { return len(x.Relationships) > 0 }

// mark remembers a local client by the part it plays.
func (b *builder) mark(role string, id int64) {
	if b.cast.marks == nil {
		b.cast.marks = map[string][]int64{}
	}
	b.cast.marks[role] = append(b.cast.marks[role], id)
}
