package demo

import (
	"errors"
	"fmt"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
)

// Roles of notable local clients (Summary of the build, tests).
const (
	RoleConflict    = "conflict"
	RoleMerged      = "merged"
	RoleMergedInto  = "merged-into"
	RoleArchived    = "archived"
	RoleDuplicate   = "duplicate"
	RoleOutbox      = "created-during-outage"
	RoleDiffers     = "differs"
	RoleHealthFixed = "health-fixed" // an email Data health found missing, filled in here
	// RoleLinkToExisting is a client whose Import review offers its hand-made relationship
	// (RoleHandMade holds that relationship's ID) for "Link to existing".
	RoleLinkToExisting = "link-to-existing"
	RoleHandMade       = "hand-made-relationship"
)

// localClients are the practice's own clients, typed in here; none is in XPM.
var localClients = []model.Client{
	{Name: "Harbour Lights Café", Email: "hello@harbourlights.example", Phone: "09 555 0142", Address: "12 Quay Street", City: "Auckland", PostCode: "1010"},
	{Name: "Tui Ridge Orchard Ltd", Email: "office@tuiridge.example", Phone: "06 555 0123", Address: "450 Ridge Road", City: "Havelock North", PostCode: "4130"},
	{Name: "Mackenzie & Rua Architects", Email: "studio@mackenzierua.example", Phone: "03 555 0190", Address: "7 Cashel Street", City: "Christchurch", PostCode: "8011"},
}

// newXPMClients are added in XPM once import-all is off: they stay "XPM client" rows here.
var newXPMClients = []model.Client{
	{Name: "Kōwhai Landscaping Ltd", Email: "accounts@kowhailandscaping.example", Phone: "07 555 0134", Address: "3 Totara Lane", City: "Hamilton", PostCode: "3204"},
	{Name: "Pōhutukawa Physio Ltd", Email: "admin@pohutukawaphysio.example", Phone: "09 555 0161", Address: "88 Beach Road", City: "Orewa", PostCode: "0931"},
	{Name: "Fern & Fantail Bakery", Email: "orders@fernfantail.example", Phone: "04 555 0117", Address: "21 Cuba Street", City: "Wellington", PostCode: "6011"},
}

func (b *builder) addLocalClients() error {
	for _, c := range localClients {
		lc := store.LocalClient{Client: c}
		if err := b.link.Save(b.ctx, &lc); err != nil {
			return fmt.Errorf("save %s: %w", c.Name, err)
		}
		b.cast.local = append(b.cast.local, lc.ID)
	}
	return nil
}

// importByHand turns import-all off: from now on the practice picks which XPM clients to bring in.
func (b *builder) importByHand() error {
	p, err := b.eng.Policy(b.ctx)
	if err != nil {
		return err
	}
	p.ImportAll = false
	return b.eng.SavePolicy(b.ctx, p)
}

func (b *builder) newInXPM() error {
	for _, c := range newXPMClients {
		b.cast.newXPM = append(b.cast.newXPM, b.fake.PutClient(c))
	}
	return nil
}

// importOne brings one of the new XPM clients in by hand (Clients tab → Import).
func (b *builder) importOne() error {
	_, err := b.link.Import(b.ctx, b.cast.newXPM[1].UUID)
	return err
}

// editInXPM changes n clients in XPM the way a practice does day to day.
func (b *builder) editInXPM(n int) error {
	lcs, err := b.pick(n, nil)
	if err != nil {
		return err
	}
	for _, lc := range lcs {
		b.cast.edits++
		k := b.cast.edits
		err := b.fake.EditClient(lc.XPMUUID, func(c *model.Client) {
			switch k % 4 {
			case 0:
				c.Phone = fmt.Sprintf("09 555 %04d", 100+k)
			case 1:
				c.Address = fmt.Sprintf("%d %s", 10+k, "Victoria Street")
			case 2:
				c.PostalAddress, c.PostalCity = fmt.Sprintf("PO Box %d", 3000+k), c.City
			default:
				c.Fax = fmt.Sprintf("09 555 %04d", 900+k)
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// conflict: the same client's phone changed here and in XPM before the next sync. From XPM
// wins; the value typed here is kept in the client's History and the client is flagged.
func (b *builder) conflict() error {
	lcs, err := b.pick(1, hasPhone)
	if err != nil {
		return err
	}
	lc := lcs[0]
	lc.Client.Phone = "09 555 0101"
	if err := b.link.Save(b.ctx, &lc); err != nil {
		return err
	}
	b.mark(RoleConflict, lc.ID)
	return b.fake.EditClient(lc.XPMUUID, func(c *model.Client) { c.Phone = "09 555 0199" })
}

// invalidContacts makes three contacts fail the engine's checks: they are not imported and
// the sync summary lists them with the reason.
func (b *builder) invalidContacts() error {
	lcs, err := b.pick(3, hasContacts)
	if err != nil {
		return err
	}
	bad := []func(*model.Contact){
		func(ct *model.Contact) { ct.Email = "accounts@@" + b.cast.domain },
		func(ct *model.Contact) { ct.Mobile = "021 55 call after 5pm" },
		func(ct *model.Contact) { ct.Email = "see file" },
	}
	for i, lc := range lcs {
		spoil, target := bad[i], storedContact(lc)
		err := b.fake.EditClient(lc.XPMUUID, func(c *model.Client) {
			for j := range c.Contacts {
				if c.Contacts[j].UUID == target {
					spoil(&c.Contacts[j])
				}
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// storedContact is the UUID of a contact the client has here.
func storedContact(lc store.LocalClient) string {
	for _, ct := range lc.Client.Contacts {
		if ct.UUID != "" && ct.Email != "" && !syncer.IsDerivedContact(ct) {
			return ct.UUID
		}
	}
	return ""
}

// localDuplicate: someone types in a client XPM already has under a slightly different name.
// "Create in XPM" finds it by email and offers the link instead; nothing is created.
func (b *builder) localDuplicate() error {
	x := b.cast.newXPM[0]
	lc := store.LocalClient{Client: model.Client{Name: "Kowhai Landscaping Limited", Email: x.Email, Phone: "07 555 0134"}}
	if err := b.link.Save(b.ctx, &lc); err != nil {
		return err
	}
	b.mark(RoleDuplicate, lc.ID)
	out, err := b.link.CreateInXPM(b.ctx, lc.ID)
	if err != nil {
		return err
	}
	if out.Queued || len(out.Duplicates) == 0 {
		return errors.New("the likely duplicate was queued for creation in XPM")
	}
	b.mu.Lock()
	b.sum.Duplicates += len(out.Duplicates)
	b.mu.Unlock()
	return nil
}

// mergeAndArchive: XPM merges one client into another and archives a third. The next sync
// flags both for review; nothing is deleted here.
func (b *builder) mergeAndArchive() error {
	lcs, err := b.pick(3, hasContacts)
	if err != nil {
		return err
	}
	loser, winner, archived := lcs[0], lcs[1], lcs[2]
	if err := b.fake.MergeClients(loser.XPMUUID, winner.XPMUUID); err != nil {
		return err
	}
	b.mark(RoleMerged, loser.ID)
	b.mark(RoleMergedInto, winner.ID)
	b.mark(RoleArchived, archived.ID)
	return b.fake.ArchiveClient(archived.XPMUUID)
}

// editHere: after the last sync the practice updates a few clients here. From XPM, the next
// sync would overwrite them; until then the Clients tab shows the fields in red and "Sync
// differences" settles them one by one.
func (b *builder) editHere() error {
	lcs, err := b.pick(3, hasPhone)
	if err != nil {
		return err
	}
	for i, lc := range lcs {
		lc.Client.Phone = fmt.Sprintf("09 555 %04d", 7100+i)
		if i != 1 {
			lc.Client.Address = fmt.Sprintf("%d Ponsonby Road", 40+i)
		}
		if err := b.link.Save(b.ctx, &lc); err != nil {
			return err
		}
		b.mark(RoleDiffers, lc.ID)
	}
	return nil
}
