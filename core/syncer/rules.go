package syncer

import (
	"slices"
	"strings"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// FieldPlan is what a sync does (or would do) to one field of one linked client.
type FieldPlan struct {
	Field   string // model.ClientField.Key, or "Contact <name>: <field>"
	Label   string
	Local   string // local value before
	XPM     string // XPM value before
	Result  string // value both sides hold afterwards
	Outcome Outcome
}

// clientPlan is the pure result of applying the rules to one linked client.
type clientPlan struct {
	Local        store.LocalClient // the local client as it should be saved
	Changed      bool              // the local record must be saved
	Fields       []FieldPlan       // every field that is not already equal
	History      []store.FieldChange
	Push         map[string]string // XPM write element → value, for client.api/update
	PushContacts []model.Contact   // contacts whose local values go to XPM
	Conflicts    []string          // labels of the fields both sides changed
	Baseline     map[string]string
	Issues       []store.SyncIssue
	SetReview    bool
	Review       string
	Event        string // deleted | archived | unarchived | "" — what XPM did to the client itself
}

func contactKey(uuid, field string) string { return "contact/" + uuid + "/" + field }

// settle decides one field. lv/xv are the local and XPM values, bv the baseline (when hb).
// Without a baseline (first sync after linking) nothing can be called a conflict, so the
// direction decides, except that a Partner/Manager set in XPM is taken, and that under To XPM
// a field left empty here takes XPM's value rather than erase it in XPM: linking two records
// fills the gaps of one from the other, it never blanks what only XPM had.
func settle(dir Direction, class model.FieldClass, lv, xv, bv string, hb bool) Outcome {
	if lv == xv {
		return Unchanged
	}
	if class == model.ClassFromXPM {
		return TookXPM
	}
	winner := TookXPM
	if dir == ToXPM {
		winner = PushedLocal
	}
	if !hb {
		if class == model.ClassStaffRole {
			if xv != "" {
				return TookXPM
			}
			return PushedLocal
		}
		if winner == PushedLocal && lv == "" {
			return TookXPM
		}
		return winner
	}
	localChanged, xpmChanged := lv != bv, xv != bv
	switch {
	case localChanged && xpmChanged:
		return DirectionWins
	case class == model.ClassStaffRole && xpmChanged:
		return TookXPM // both ways: the side that changed wins
	case class == model.ClassStaffRole:
		return PushedLocal
	}
	return winner
}

// planLinked applies the policy to one linked client. It touches nothing: the caller saves
// the plan in a transaction (Sync) or shows it (Preview).
func planLinked(p Policy, lc store.LocalClient, x *model.Client, base map[string]string, hasBase bool, links store.StaffLinks) clientPlan {
	pl := clientPlan{Local: lc, Baseline: map[string]string{}}
	pl.Local.Client.Contacts = slices.Clone(lc.Client.Contacts)
	if !hasBase {
		base = nil
	}
	if x.IsDeleted {
		pl.planDeleted(lc, base)
		return pl
	}
	for _, f := range model.ClientFields {
		if p.Synced(f.Class) {
			pl.planField(p, f, x, base, links)
		}
	}
	if p.Level == Everything {
		pl.copyXPMDetails(x)
		pl.planContacts(p, x, base)
	}
	pl.settleReview(lc, x)
	return pl
}

// planDeleted never applies a deleted record and never deletes locally: it flags the client
// and keeps everything.
func (pl *clientPlan) planDeleted(lc store.LocalClient, base map[string]string) {
	pl.Baseline = base
	if lc.Review != "deleted" && lc.Review != "merged" {
		pl.SetReview, pl.Review, pl.Event = true, "deleted", "deleted"
		pl.Local.Review, pl.Changed = "deleted", true
	}
}

// planField settles one client field and plans its change on either side.
func (pl *clientPlan) planField(p Policy, f model.ClientField, x *model.Client, base map[string]string, links store.StaffLinks) {
	lv, xv, ok := pl.fieldValues(f, x, links)
	if !ok {
		return
	}
	bv, hb := base[f.Key]
	d := decide(p.Direction, f.Class, lv, xv, bv, hb)
	pl.Baseline[f.Key] = d.result
	if d.oc == Unchanged {
		return
	}
	pl.record(f.Key, f.Label, lv, xv, bv, hb, d)
	if !d.takeXPM {
		if pl.Push == nil {
			pl.Push = map[string]string{}
		}
		pl.Push[f.Write] = lv
		return
	}
	pl.Changed = true
	if f.Class != model.ClassStaffRole {
		f.Set(&pl.Local.Client, xv)
		return
	}
	id := links.ToLocal[xv]
	if f.Key == "JobManager" {
		pl.Local.ManagerStaffID, pl.Local.Client.JobManager = id, x.JobManager
	} else {
		pl.Local.PartnerStaffID, pl.Local.Client.AccountManager = id, x.AccountManager
	}
}

// fieldValues are a field's local and XPM values; a staff role compares XPM staff UUIDs, and
// cannot sync (ok false) while either side's staff member is not linked.
func (pl *clientPlan) fieldValues(f model.ClientField, x *model.Client, links store.StaffLinks) (lv, xv string, ok bool) {
	xv = strings.TrimSpace(f.Get(x))
	if f.Class != model.ClassStaffRole {
		return f.Get(&pl.Local.Client), xv, true
	}
	id := pl.Local.PartnerStaffID
	if f.Key == "JobManager" {
		id = pl.Local.ManagerStaffID
	}
	if id != 0 {
		if lv, ok = links.ToXPM[id]; !ok {
			return "", "", false // local staff member not linked to XPM: this role cannot sync
		}
	}
	if _, ok := links.ToLocal[xv]; xv != "" && !ok {
		return "", "", false // XPM staff member not linked locally
	}
	return lv, xv, true
}

// decision is how one field settles: the outcome, whether XPM's value is taken, and the
// value both sides hold afterwards.
type decision struct {
	oc      Outcome
	takeXPM bool
	result  string
}

func decide(dir Direction, class model.FieldClass, lv, xv, bv string, hb bool) decision {
	oc := settle(dir, class, lv, xv, bv, hb)
	d := decision{oc: oc, takeXPM: oc == TookXPM || (oc == DirectionWins && dir == FromXPM), result: xv}
	if !d.takeXPM {
		d.result = lv
	}
	return d
}

// record adds a changed field to the plan with its history, and a conflict when both sides
// changed it.
func (pl *clientPlan) record(field, label, lv, xv, bv string, hb bool, d decision) {
	pl.Fields = append(pl.Fields, FieldPlan{Field: field, Label: label, Local: lv, XPM: xv, Result: d.result, Outcome: d.oc})
	switch {
	case d.oc == DirectionWins && d.takeXPM:
		pl.History = append(pl.History, store.FieldChange{Field: field, Old: lv, New: xv, Source: store.SourceConflict})
	case d.oc == DirectionWins:
		pl.History = append(pl.History, store.FieldChange{Field: field, Old: xv, New: lv, Source: store.SourceConflict})
	case d.takeXPM:
		pl.History = append(pl.History, store.FieldChange{Field: field, Old: lv, New: xv, Source: store.SourceXPM})
	case !hb || xv != bv:
		// XPM's own edit is overridden by the local value: keep what XPM had.
		pl.History = append(pl.History, store.FieldChange{Field: field, Old: xv, New: lv, Source: store.SourceLocal})
	}
	if d.oc == DirectionWins {
		pl.Conflicts = append(pl.Conflicts, label)
	}
}

// settleReview flags a conflict, or follows XPM archiving or unarchiving the client.
func (pl *clientPlan) settleReview(lc store.LocalClient, x *model.Client) {
	switch {
	case len(pl.Conflicts) > 0:
		pl.SetReview, pl.Review = true, "conflict"
	case x.IsArchived && lc.Review == "":
		pl.SetReview, pl.Review, pl.Event = true, "archived", "archived"
	case !x.IsArchived && lc.Review == "archived":
		pl.SetReview, pl.Review, pl.Event = true, "", "unarchived"
	}
	if pl.SetReview && pl.Review != lc.Review {
		pl.Local.Review = pl.Review
		pl.Changed = true
	} else {
		pl.SetReview = false
	}
}

// copyXPMDetails takes the details the article does not list (groups, notes, tax details,
// billing) from XPM: they only ever flow from XPM.
func (pl *clientPlan) copyXPMDetails(x *model.Client) {
	c := &pl.Local.Client
	if !slices.Equal(groupNames(c.Groups), groupNames(x.Groups)) {
		pl.History = append(pl.History, store.FieldChange{Field: "Groups", Old: strings.Join(groupNames(c.Groups), ", "),
			New: strings.Join(groupNames(x.Groups), ", "), Source: store.SourceXPM})
		c.Groups = slices.Clone(x.Groups)
		pl.Changed = true
	}
	same := c.MiddleName == x.MiddleName && c.OtherName == x.OtherName && c.ReferralSource == x.ReferralSource &&
		c.ExportCode == x.ExportCode && c.IsProspect == x.IsProspect && c.IsArchived == x.IsArchived &&
		c.BillingClient == x.BillingClient && c.Type == x.Type && c.WebURL == x.WebURL &&
		slices.Equal(c.Notes, x.Notes) && slices.Equal(c.Relationships, x.Relationships) && taxEqualFromXPM(c.Tax, x.Tax)
	if same {
		return
	}
	keep := c.Tax
	c.MiddleName, c.OtherName, c.ReferralSource, c.ExportCode = x.MiddleName, x.OtherName, x.ReferralSource, x.ExportCode
	c.IsProspect, c.IsArchived, c.BillingClient, c.Type, c.WebURL = x.IsProspect, x.IsArchived, x.BillingClient, x.Type, x.WebURL
	c.Notes, c.Relationships = slices.Clone(x.Notes), slices.Clone(x.Relationships)
	c.Tax = x.Tax
	// The scalar tax fields listed in ClientFields were settled field by field above.
	c.Tax.BusinessStructure, c.Tax.BusinessNumber, c.Tax.CompanyNumber, c.Tax.GSTRegistered =
		keep.BusinessStructure, keep.BusinessNumber, keep.CompanyNumber, keep.GSTRegistered
	pl.Changed = true
}

func taxEqualFromXPM(a, b model.TaxDetails) bool {
	a.BusinessStructure, a.BusinessNumber, a.CompanyNumber, a.GSTRegistered =
		b.BusinessStructure, b.BusinessNumber, b.CompanyNumber, b.GSTRegistered
	return a == b
}

func groupNames(gs []model.Ref) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.Name
	}
	return out
}

// planContacts applies the contact rules (level Everything): contact fields follow the
// direction with the same conflict detection as client fields; contacts are matched by their
// XPM UUID, so a contact shared by several clients is one record.
func (pl *clientPlan) planContacts(p Policy, x *model.Client, base map[string]string) {
	local := pl.Local.Client.Contacts
	valid, issues := selectContacts(x, p.DefaultCountryCode, local)
	pl.Issues = append(pl.Issues, issues...)
	byUUID := map[string]int{}
	for i, c := range local {
		if c.UUID != "" {
			byUUID[c.UUID] = i
		}
	}
	var out []model.Contact
	used := map[string]bool{}
	for _, xc := range valid {
		used[xc.UUID] = true
		i, ok := byUUID[xc.UUID]
		switch {
		case IsDerivedContact(xc):
			if !ok || local[i] != xc {
				pl.Changed = true
			}
			out = append(out, xc)
		case !ok:
			if pl.planNewContact(p, xc, base) {
				out = append(out, xc)
			}
		default:
			out = append(out, pl.mergeContact(p, local[i], xc, base))
		}
	}
	out = pl.keepLocalContacts(p, x, local, used, out)
	if len(out) != len(local) {
		pl.Changed = true
	}
	pl.Local.Client.Contacts = out
}

// planNewContact takes a contact XPM has and this app does not, unless To XPM removed it
// here since the last sync. It reports whether the contact is kept.
func (pl *clientPlan) planNewContact(p Policy, xc model.Contact, base map[string]string) bool {
	if p.Direction == ToXPM && base != nil && base[contactKey(xc.UUID, "Name")] != "" {
		return false // removed locally since the last sync: To XPM keeps it removed here
	}
	pl.History = append(pl.History, store.FieldChange{Field: "Contact", Old: "", New: xc.Name, Source: store.SourceXPM})
	pl.Fields = append(pl.Fields, FieldPlan{Field: "Contact", Label: "Contact added", XPM: xc.Name, Result: xc.Name, Outcome: TookXPM})
	pl.Changed = true
	for _, cf := range model.ContactFields {
		pl.Baseline[contactKey(xc.UUID, cf.Key)] = cf.Get(&xc)
	}
	return true
}

// mergeContact settles a contact both sides hold, field by field; position and primary
// always come from XPM.
func (pl *clientPlan) mergeContact(p Policy, lcnt, xc model.Contact, base map[string]string) model.Contact {
	merged := lcnt
	if (merged.Position != xc.Position || merged.IsPrimary != xc.IsPrimary) && !linkChangedHere(p, base, lcnt) {
		merged.Position, merged.IsPrimary = xc.Position, xc.IsPrimary
		pl.Changed = true
	}
	push := false
	for _, cf := range model.ContactFields {
		lv, xv := cf.Get(&lcnt), cf.Get(&xc)
		key := contactKey(xc.UUID, cf.Key)
		bv, hb := base[key]
		d := decide(p.Direction, model.ClassEverything, lv, xv, bv, hb)
		pl.Baseline[key] = d.result
		if d.oc == Unchanged {
			continue
		}
		field := "Contact " + lcnt.Name + ": " + cf.Label
		pl.record(field, field, lv, xv, bv, hb, d)
		if d.takeXPM {
			cf.Set(&merged, xv)
			pl.Changed = true
		} else {
			push = true
		}
	}
	if push {
		pl.PushContacts = append(pl.PushContacts, merged)
	}
	return merged
}

// keepLocalContacts decides the local contacts XPM did not send as valid: local-only ones
// stay; so does a contact XPM now holds with invalid details (it is in the summary) and, To
// XPM, anything the practice keeps here. A contact XPM removed goes.
func (pl *clientPlan) keepLocalContacts(p Policy, x *model.Client, local []model.Contact, used map[string]bool, out []model.Contact) []model.Contact {
	inXPM := map[string]bool{}
	for _, c := range x.Contacts {
		if !c.IsDeleted {
			inXPM[c.UUID] = true
		}
	}
	for _, c := range local {
		if used[c.UUID] || IsDerivedContact(c) {
			continue
		}
		if c.UUID == "" || p.Direction == ToXPM || inXPM[c.UUID] {
			out = append(out, c)
			continue
		}
		pl.History = append(pl.History, store.FieldChange{Field: "Contact", Old: c.Name, New: "", Source: store.SourceXPM})
		pl.Fields = append(pl.Fields, FieldPlan{Field: "Contact", Label: "Contact removed", Local: c.Name, Outcome: TookXPM})
		pl.Changed = true
	}
	return out
}

// importPlan makes a new local client from an XPM client (the user picked it, or import-all).
func importPlan(p Policy, x *model.Client, links store.StaffLinks) clientPlan {
	c := *x
	c.Contacts = nil
	lc := store.LocalClient{Client: c, XPMUUID: x.UUID, LinkHow: "import"}
	lc.PartnerStaffID = links.ToLocal[x.AccountManager.UUID]
	lc.ManagerStaffID = links.ToLocal[x.JobManager.UUID]
	contacts, issues := selectContacts(x, p.DefaultCountryCode, nil)
	lc.Client.Contacts = contacts
	if x.IsArchived {
		lc.Review = "archived"
	}
	pl := clientPlan{Local: lc, Changed: true, Issues: issues}
	pl.Baseline = baselineOf(p, lc, links)
	return pl
}

// baselineOf records the synced values of a client whose two sides agree.
func baselineOf(p Policy, lc store.LocalClient, links store.StaffLinks) map[string]string {
	b := map[string]string{}
	for _, f := range model.ClientFields {
		if !p.Synced(f.Class) {
			continue
		}
		if f.Class == model.ClassStaffRole {
			id, ref := lc.PartnerStaffID, lc.Client.AccountManager.UUID
			if f.Key == "JobManager" {
				id, ref = lc.ManagerStaffID, lc.Client.JobManager.UUID
			}
			u, linked := links.ToXPM[id]
			if _, known := links.ToLocal[ref]; (id != 0 && !linked) || (ref != "" && !known) {
				continue // an unlinked staff member: the role is not synced (as in planLinked)
			}
			b[f.Key] = u
			continue
		}
		b[f.Key] = f.Get(&lc.Client)
	}
	if p.SyncsContacts() {
		for _, c := range lc.Client.Contacts {
			if c.UUID == "" || IsDerivedContact(c) {
				continue
			}
			for _, cf := range model.ContactFields {
				b[contactKey(c.UUID, cf.Key)] = cf.Get(&c)
			}
		}
	}
	return b
}

// linkChangedHere reports whether a contact's position or primary flag was changed here since
// XPM last agreed (To XPM): the change waits in the outbox, and a sync must not undo it first.
func linkChangedHere(p Policy, base map[string]string, c model.Contact) bool {
	pos, ok := base[contactKey(c.UUID, "Position")]
	if p.Direction != ToXPM || !ok {
		return false
	}
	return pos != c.Position || base[contactKey(c.UUID, "IsPrimary")] != yesNo(c.IsPrimary)
}
