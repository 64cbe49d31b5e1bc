package syncer

import (
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// XPM deletes, archives and merges are flagged for review and never delete anything here.
func TestDeletesArchivesAndMergesAreFlaggedNeverDeleted(t *testing.T) {
	r := newRig(t, Policy{ImportAll: true})
	r.api.put(sampleClient("Deleted Ltd", person("Dee Leted", "dee@deleted.com", "")))       // c-0001
	r.api.put(sampleClient("Archived Ltd", person("Archie Ved", "archie@archived.com", ""))) // c-0003
	r.api.put(sampleClient("Loser Ltd", person("Lou Ser", "lou@loser.com", "")))             // c-0005
	r.api.put(sampleClient("Winner Ltd", person("Win Ner", "win@winner.com", "")))           // c-0007
	r.api.put(sampleClient("Vanished Ltd", person("Van Ished", "van@vanished.com", "")))     // c-0009
	r.sync(Full)
	if n, _ := r.st.ClientCount(r.ctx); n != 5 {
		t.Fatalf("%d local clients", n)
	}

	r.api.edit("c-0001", func(c *model.Client) { c.IsDeleted = true })
	r.api.edit("c-0003", func(c *model.Client) { c.IsArchived = true })
	// A merge as XPM does it: the loser is deleted and its contacts move to the winner.
	loser := r.api.get("c-0005")
	r.api.edit("c-0007", func(c *model.Client) { c.Contacts = append(c.Contacts, loser.Contacts...) })
	r.api.edit("c-0005", func(c *model.Client) { c.IsDeleted = true; c.Contacts = nil })
	res := r.sync(Delta)
	if res.Flagged != 3 {
		t.Fatalf("delta flagged %d, want 3: %+v", res.Flagged, res)
	}
	for uuid, want := range map[string]string{"c-0001": "deleted", "c-0003": "archived", "c-0005": "merged", "c-0007": "", "c-0009": ""} {
		lc := r.local(uuid)
		if lc.Review != want {
			t.Errorf("%s review = %q, want %q", lc.Client.Name, lc.Review, want)
		}
	}
	if d := r.local("c-0001"); len(d.Client.Contacts) != 1 || d.Client.Name != "Deleted Ltd" {
		t.Errorf("a deleted client's data must be kept: %+v", d.Client)
	}
	if m := r.events("client_merged"); len(m) != 1 || m[0].ClientName != "Loser Ltd" {
		t.Errorf("merge events = %+v", m)
	}

	// Gone from a full list altogether (deleted outright): only a full resync can tell.
	r.api.mu.Lock()
	delete(r.api.clients, "c-0009")
	r.api.mu.Unlock()
	if res := r.sync(Delta); res.Flagged != 0 {
		t.Fatalf("a delta cannot see a vanished client, yet flagged %d", res.Flagged)
	}
	res = r.sync(Full)
	if res.Flagged != 1 || r.local("c-0009").Review != "deleted" || len(r.events("client_gone")) != 1 {
		t.Fatalf("full resync: %+v, review %q", res, r.local("c-0009").Review)
	}
	if n, _ := r.st.ClientCount(r.ctx); n != 5 {
		t.Fatalf("local clients = %d, want all 5 kept", n)
	}

	// Unarchived in XPM: the flag clears by itself.
	r.api.edit("c-0003", func(c *model.Client) { c.IsArchived = false })
	r.sync(Delta)
	if got := r.local("c-0003").Review; got != "" {
		t.Errorf("unarchived client still flagged %q", got)
	}
}

// A contact shared by two clients is one local record; an edit in XPM shows on both.
func TestSharedContactIsOneRecord(t *testing.T) {
	r := newRig(t, Policy{ImportAll: true})
	shared := model.Contact{UUID: "k-shared", Name: "Sam Shared", Email: "sam@shared.com", Mobile: "0400 000 000"}
	r.api.put(sampleClient("Smith Family Trust", shared))
	r.api.put(sampleClient("Smith Holdings", shared))
	r.sync(Full)
	if n, _ := r.st.ContactCount(r.ctx); n != 1 {
		t.Fatalf("%d contacts stored, want the shared one once", n)
	}
	for _, u := range []string{"c-0001", "c-0002"} {
		r.api.edit(u, func(c *model.Client) { c.Contacts[0].Email = "sam@new.com" })
	}
	r.sync(Delta)
	for _, u := range []string{"c-0001", "c-0002"} {
		if got := r.local(u).Client.Contacts[0].Email; got != "sam@new.com" {
			t.Errorf("%s sees %q", u, got)
		}
	}
	others, err := r.st.OtherClientsOfContact(r.ctx, "k-shared", r.local("c-0001").ID)
	if err != nil || len(others) != 1 || others[0] != "Smith Holdings" {
		t.Errorf("other clients of the contact = %v, %v", others, err)
	}
}

// To XPM, level Everything: a local contact edit is sent to XPM with the client's UUID.
func TestContactEditIsPushedToXPM(t *testing.T) {
	r := newRig(t, Policy{Direction: ToXPM, Level: Everything, ImportAll: true})
	r.eng.opts.NoAutoPush = true
	r.api.put(sampleClient("Acme", person("Jane", "jane@acme.com", "0411 111 111")))
	r.sync(Full)
	lc := r.local("c-0001")
	lc.Client.Contacts[0].Email = "jane.new@acme.com"
	lc.Client.Contacts[0].Mobile = "0499 999 999"
	if err := r.eng.SaveLocalClient(r.ctx, &lc); err != nil {
		t.Fatal(err)
	}
	if n, err := r.eng.FlushOutbox(r.ctx); err != nil || n != 1 {
		t.Fatalf("flush sent %d, %v", n, err)
	}
	got := r.api.get("c-0001").Contacts[0]
	if got.Email != "jane.new@acme.com" || got.Mobile != "+61499999999" {
		t.Fatalf("XPM contact = %+v", got)
	}
	if res := r.sync(Delta); res.Updated != 0 || res.Pushed != 0 || res.Conflicts != 0 {
		t.Fatalf("sync after the push still changed things: %+v", res)
	}
	// From XPM the same edit stays local and is overwritten by XPM's value at the next sync.
	if err := SavePolicy(r.ctx, r.st, Policy{Direction: FromXPM, Level: Everything, ImportAll: true, DefaultCountryCode: "61"}); err != nil {
		t.Fatal(err)
	}
	lc = r.local("c-0001")
	lc.Client.Contacts[0].Email = "local.only@acme.com"
	if err := r.eng.SaveLocalClient(r.ctx, &lc); err != nil {
		t.Fatal(err)
	}
	if open, _, _ := r.st.OutboxCounts(r.ctx); open != 0 {
		t.Fatalf("From XPM queued %d contact changes", open)
	}
	r.sync(Full)
	if got := r.local("c-0001").Client.Contacts[0].Email; got != "jane.new@acme.com" {
		t.Fatalf("local contact email = %q, want XPM's", got)
	}
}

// A full list that suddenly holds far fewer clients is treated as a fault, not mass deletion.
func TestShrunkFullListFlagsNothing(t *testing.T) {
	r := newRig(t, Policy{ImportAll: true})
	for i := 0; i < 30; i++ {
		r.api.put(model.Client{Name: "Client " + string(rune('A'+i%26)) + string(rune('a'+i/26))})
	}
	r.sync(Full)
	r.api.mu.Lock()
	for u := range r.api.clients {
		if u != "c-0001" {
			delete(r.api.clients, u)
		}
	}
	r.api.mu.Unlock()
	res := r.sync(Full)
	if res.Flagged != 0 || len(r.events("gone_check_skipped")) != 1 {
		t.Fatalf("flagged %d after a list of 1 where 30 were: events %+v", res.Flagged, r.events("gone_check_skipped"))
	}
}

// Linking two records that existed apart: with no baseline yet, the first sync settles every
// synced field by the direction (To XPM: the local values are sent), without calling it a conflict
// — but a field empty here never blanks XPM's value: To XPM takes it here instead.
func TestLinkExistingLocalClientSettlesByDirection(t *testing.T) {
	for _, dir := range []Direction{FromXPM, ToXPM} {
		t.Run(dir.String(), func(t *testing.T) {
			r := newRig(t, Policy{Direction: dir, Level: Everything})
			r.eng.opts.NoAutoPush = true
			r.api.put(sampleClient("Acme Pty Ltd"))
			r.sync(Full)
			lc := store.LocalClient{Client: model.Client{Name: "ACME PTY LTD", Phone: "02 4444 4444"}}
			if err := r.eng.SaveLocalClient(r.ctx, &lc); err != nil {
				t.Fatal(err)
			}
			if err := r.eng.LinkClient(r.ctx, lc.ID, "c-0001"); err != nil {
				t.Fatal(err)
			}
			if err := r.eng.LinkClient(r.ctx, lc.ID+99, "c-0001"); err == nil {
				t.Fatal("a second link to the same XPM client was accepted")
			}
			res := r.sync(Delta)
			if res.Conflicts != 0 {
				t.Fatalf("a first sync after linking reported conflicts: %+v", res)
			}
			want := map[Direction]string{FromXPM: "Acme Pty Ltd", ToXPM: "ACME PTY LTD"}[dir]
			got, x := r.local("c-0001"), r.api.get("c-0001")
			if got.Client.Name != want || x.Name != want {
				t.Fatalf("names local %q, XPM %q; want %q on both", got.Client.Name, x.Name, want)
			}
			if got.Client.Website != "https://acmeptyltd.com.au" {
				t.Fatalf("always-from-XPM website = %q", got.Client.Website)
			}
			// The local record had no email or address: whichever way, both sides end with XPM's.
			for _, c := range []model.Client{got.Client, x} {
				if c.Email != "office@acmeptyltd.com.au" || c.Address != "1 George St" || c.PostCode != "2000" {
					t.Fatalf("after linking, email %q, address %q, postcode %q (local %q, XPM %q): a gap blanked the other side",
						c.Email, c.Address, c.PostCode, got.Client.Name, x.Name)
				}
			}
			if want := map[Direction]string{FromXPM: "02 9000 0000", ToXPM: "02 4444 4444"}[dir]; got.Client.Phone != want || x.Phone != want {
				t.Fatalf("phones local %q, XPM %q; want %q on both (both had one: the direction decides)", got.Client.Phone, x.Phone, want)
			}
		})
	}
}
