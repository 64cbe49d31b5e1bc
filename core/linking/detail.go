package linking

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/staff"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
)

// ContactView is one contact of the shown client with the other clients it belongs to.
type ContactView struct {
	model.Contact
	OtherClients []string
}

// Detail is everything the Clients tab shows about one row.
type Detail struct {
	Key           store.RowKey
	Local         *store.LocalClient // nil for an XPM client not imported
	XPM           *store.XPMClient   // the mirror of the linked or XPM-only client; nil when none
	Client        model.Client       // what the Details tab shows: the local record, else XPM's
	Diffs         []Difference       // linked clients only
	Contacts      []ContactView
	Relationships []model.Relationship      // as XPM records them
	People        []store.LocalRelationship // the practice's own people and entities (imported or linked)
	Groups        []string
	Partner       string
	Manager       string
	PushByDefault bool      // Source of truth is To XPM: the Sync dialog proposes here → XPM
	RoleNotes     []string  // why a chosen Partner or Manager will not sync (seed 001: only linked staff do)
	LastSynced    time.Time // when a sync last settled the linked client (zero = not yet)
	LastRefreshed time.Time // when the user last refreshed it from XPM (zero = never)
	History       []store.FieldChange
	// Sends are what the outbox did with this client's changes (sent, refused, not sent),
	// newest first: the History tab lists them among the field changes.
	Sends  []store.Event
	Issues []store.SyncIssue // records of this client a sync could not import
	Outbox Outbox            // changes waiting for XPM and changes XPM refused
	// ContactsReadOnly says why contacts cannot be edited here ("" = they can).
	ContactsReadOnly string
	// PushesPeople: contacts and relationships edited here go to XPM (linked, To XPM + Everything).
	PushesPeople bool
	CountryCode  string // the practice's default calling code, for mobiles typed here
}

// NeedsALook reports whether the client is one the Clients tab's "Needs a look" filter lists:
// flagged for review by a sync, or differing from XPM in a field shown in red (store's
// needsLookSQL is the same rule for the whole list).
func (d Detail) NeedsALook() bool {
	return d.Local != nil && (d.Local.Review != "" || len(d.Diffs) > 0)
}

// Linked reports whether the row is a local client linked to XPM.
func (d Detail) Linked() bool { return d.Local != nil && d.Local.XPMUUID != "" }

// WebURL is the client's page in XPM ("" when it has none).
func (d Detail) WebURL() string {
	if d.XPM != nil {
		return d.XPM.WebURL
	}
	return d.Client.WebURL
}

// DetailOf reads everything about one list row, offline.
func (s *Service) DetailOf(ctx context.Context, key store.RowKey) (Detail, error) {
	d := Detail{Key: key}
	if p, err := syncer.LoadPolicy(ctx, s.st); err == nil {
		d.PushByDefault = p.Direction == syncer.ToXPM
	}
	uuid, err := s.fillSides(ctx, &d)
	if err != nil {
		return d, err
	}
	staff, err := s.Staff(ctx)
	if err != nil {
		return d, err
	}
	if d.Local != nil && d.XPM != nil {
		d.Diffs = Differences(*d.Local, d.XPM.Client, staff)
	}
	if err := s.fillPeople(ctx, &d); err != nil {
		return d, err
	}
	if d.Local != nil {
		if err := s.fillHistory(ctx, &d, staff); err != nil {
			return d, err
		}
	}
	if err := s.fillEditing(ctx, &d); err != nil {
		return d, err
	}
	if uuid != "" {
		all, err := s.st.SyncIssues(ctx)
		if err != nil {
			return d, err
		}
		for _, is := range all {
			if is.ClientUUID == uuid {
				d.Issues = append(d.Issues, is)
			}
		}
	}
	return d, nil
}

// fillSides reads the local record (with its people) and the XPM record of the row, and
// returns the XPM UUID they share ("" when none).
func (s *Service) fillSides(ctx context.Context, d *Detail) (string, error) {
	uuid := d.Key.XPMUUID
	if d.Key.Kind == store.KindLocal {
		lc, err := s.st.Client(ctx, d.Key.ID)
		if err != nil {
			return "", err
		}
		d.Local, d.Client, uuid = &lc, lc.Client, lc.XPMUUID
		if d.People, err = s.st.ClientRelationships(ctx, lc.ID); err != nil {
			return "", err
		}
	}
	if uuid == "" {
		return "", nil
	}
	x, err := s.st.XPMClientByUUID(ctx, uuid)
	switch {
	case err == nil:
		d.XPM = &x
		if d.Local == nil {
			d.Client = x.Client
		}
	case !errors.Is(err, store.ErrNotFound):
		return uuid, err
	}
	return uuid, nil
}

// fillHistory reads a local client's field history, last sync and last refresh.
func (s *Service) fillHistory(ctx context.Context, d *Detail, staff Staff) error {
	id := d.Local.ID
	var err error
	if d.History, err = s.historyOf(ctx, id, staff); err != nil {
		return err
	}
	if d.Sends, err = s.st.ClientEvents(ctx, id, model.EventPushSent, model.EventPushFailed, model.EventPushSkipped); err != nil {
		return err
	}
	var at string
	err = s.st.DB().QueryRowContext(ctx, `SELECT synced_at FROM client_baselines WHERE client_id = ?`, id).Scan(&at)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read last sync of client %d: %w", id, err)
	}
	d.LastSynced, _ = time.Parse(time.RFC3339Nano, at)
	d.LastRefreshed, err = s.LastRefreshed(ctx, id)
	return err
}

// fillPeople reads contacts (with their other clients), relationships, groups and staff roles.
func (s *Service) fillPeople(ctx context.Context, d *Detail) error {
	var self int64
	if d.Local != nil {
		self = d.Local.ID
	}
	for _, k := range d.Client.Contacts {
		if k.IsDeleted {
			continue
		}
		cv := ContactView{Contact: k}
		if k.UUID != "" {
			others, err := s.st.OtherClientsOfContact(ctx, k.UUID, self)
			if err != nil {
				return err
			}
			cv.OtherClients = others
		}
		d.Contacts = append(d.Contacts, cv)
	}
	// XPM's own record, shown as such beside the practice's (d.People): the mirror, which every
	// sync and Refresh read from XPM. The relationships entered here never stand in for it, or
	// adding one here would look as if XPM had lost the rest.
	d.Relationships = d.Client.Relationships
	if d.XPM != nil {
		d.Relationships = d.XPM.Relationships
	}
	groups := d.Client.Groups
	if len(groups) == 0 && d.XPM != nil {
		groups = d.XPM.Groups
	}
	for _, g := range groups {
		d.Groups = append(d.Groups, g.Name)
	}
	s.fillRoles(ctx, d)
	return nil
}

// fillRoles names the Partner and Manager, as linked here when the client is local, with a
// note when a role's team member needs attention.
func (s *Service) fillRoles(ctx context.Context, d *Detail) {
	d.Partner, d.Manager = d.Client.AccountManager.Name, d.Client.JobManager.Name
	if d.Local == nil {
		return
	}
	if m, err := s.st.TeamMember(ctx, d.Local.PartnerStaffID); err == nil && d.Local.PartnerStaffID != 0 {
		d.Partner = m.Name
		if n := staff.RoleNote("Partner", m); n != "" {
			d.RoleNotes = append(d.RoleNotes, n)
		}
	}
	if m, err := s.st.TeamMember(ctx, d.Local.ManagerStaffID); err == nil && d.Local.ManagerStaffID != 0 {
		d.Manager = m.Name
		if n := staff.RoleNote("Manager", m); n != "" {
			d.RoleNotes = append(d.RoleNotes, n)
		}
	}
}
