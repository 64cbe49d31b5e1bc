package xpm_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
	"xpmsync/core/xpmtest"
)

// contractCase is one request/response contract: what the client sends to the fake and what
// the user would then see, checked against the fake's own records.
type contractCase struct {
	name  string
	cfg   xpmfake.Config // Seed, Clients and PMModule default below
	check func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, tok *xpmtest.Tokens)
}

func byUUID(cs []model.Client) map[string]model.Client {
	m := make(map[string]model.Client, len(cs))
	for _, c := range cs {
		m[c.UUID] = c
	}
	return m
}

func listAll(t *testing.T, ctx context.Context, c *xpm.Client, opt xpm.ListOptions) []model.Client {
	t.Helper()
	var out []model.Client
	if err := c.ListClients(ctx, opt, func(cl model.Client) error { out = append(out, cl); return nil }); err != nil {
		t.Fatalf("ListClients: %v", err)
	}
	return out
}

func active(cs []model.Client) []model.Client {
	var out []model.Client
	for _, c := range cs {
		if !c.IsArchived && !c.IsDeleted {
			out = append(out, c)
		}
	}
	return out
}

var contractCases = []contractCase{
	{name: "list detailed gives every client with the fake's values", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		if err := s.DeleteClient(active(s.Clients())[9].UUID); err != nil {
			t.Fatal(err)
		}
		got := listAll(t, ctx, c, xpm.ListOptions{Detailed: true})
		truth := s.Clients()
		if len(got) != len(truth) {
			t.Fatalf("list gave %d clients, the practice has %d", len(got), len(truth))
		}
		var archived, deleted, withTax, withContacts int
		for _, g := range got {
			w, ok := byUUID(truth)[g.UUID]
			if !ok {
				t.Fatalf("unknown client %s", g.UUID)
			}
			if g.Name != w.Name || g.IsArchived != w.IsArchived || g.IsDeleted != w.IsDeleted || g.Website != w.Website ||
				g.DateOfBirth != w.DateOfBirth || g.Address != w.Address || g.PostalAddress != w.PostalAddress ||
				g.AccountManager.UUID != w.AccountManager.UUID || g.JobManager.UUID != w.JobManager.UUID ||
				g.Tax.GSTPeriod != w.Tax.GSTPeriod || g.Tax.BusinessNumber != w.Tax.BusinessNumber ||
				len(g.Contacts) != len(w.Contacts) || len(g.Groups) != len(w.Groups) || len(g.Relationships) != len(w.Relationships) {
				t.Errorf("client %s differs:\n got %+v\nwant %+v", g.UUID, g, w)
			}
			if w.Tax.TaxNumber != "" {
				withTax++
				if !strings.Contains(g.Tax.TaxNumber, "*") || g.Tax.TaxNumber == w.Tax.TaxNumber {
					t.Errorf("tax number must arrive masked: %q", g.Tax.TaxNumber)
				}
			}
			if g.WebURL == "" {
				t.Errorf("client %s has no WebUrl", g.UUID)
			}
			archived += b2i(g.IsArchived)
			deleted += b2i(g.IsDeleted)
			withContacts += b2i(len(g.Contacts) > 0)
		}
		if archived == 0 || deleted == 0 || withTax == 0 || withContacts == 0 {
			t.Errorf("seed too thin to prove much: archived=%d deleted=%d tax=%d contacts=%d", archived, deleted, withTax, withContacts)
		}
	}},
	{name: "list modifiedsince gives only what changed", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		s.Clock().Advance(10 * time.Minute)
		since := s.Clock().Now().Add(-time.Minute)
		target := active(s.Clients())[3].UUID
		if err := s.EditClient(target, func(cl *model.Client) { cl.Phone = "09 111 2222" }); err != nil {
			t.Fatal(err)
		}
		got := listAll(t, ctx, c, xpm.ListOptions{ModifiedSince: since})
		if len(got) != 1 || got[0].UUID != target || got[0].Phone != "09 111 2222" {
			t.Errorf("delta gave %d clients: %+v", len(got), got)
		}
	}},
	{name: "paged-list pages through active clients only", check: pagedCheck},
	{name: "paged-list with <Next /> and <Tokens><NextToken>", cfg: xpmfake.Config{Quirks: xpmfake.Quirks{EmptyNextOnLastPage: true, NextTokenElement: true, XMLProlog: true}}, check: pagedCheck},
	{name: "search finds a client by name", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		want := active(s.Clients())[5]
		got, err := c.SearchClients(ctx, want.Name, true)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(got, func(g model.Client) bool { return g.UUID == want.UUID }) {
			t.Errorf("search %q did not find %s among %d", want.Name, want.UUID, len(got))
		}
	}},
	{name: "get of an unknown client is not found", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		_, err := c.GetClient(ctx, "00000000-0000-4000-8000-000000000000")
		var api *xpm.APIError
		if !errors.Is(err, xpm.ErrNotFound) || !errors.As(err, &api) {
			t.Errorf("got %v", err)
		}
	}},
	{name: "partial update changes only the given fields", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		before := active(s.Clients())[2]
		got, err := c.UpdateClient(ctx, before.UUID, before.Name, map[string]string{"WebSite": "https://changed.example", "Fax": ""})
		if err != nil {
			t.Fatal(err)
		}
		after, _ := s.Client(before.UUID)
		if got.Website != "https://changed.example" || after.Website != "https://changed.example" || after.Fax != "" {
			t.Errorf("update not applied: returned %q, stored %q fax %q", got.Website, after.Website, after.Fax)
		}
		after.Website, after.Fax, before.Website, before.Fax = "", "", "", ""
		if after.Tax != before.Tax || after.Address != before.Address || after.Phone != before.Phone || after.AccountManager.UUID != before.AccountManager.UUID {
			t.Errorf("fields not named in the update changed:\nbefore %+v\nafter  %+v", before, after)
		}
	}},
	{name: "writing back every field as read changes nothing (masked tax number never sent)", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		for _, w := range active(s.Clients())[:6] {
			read, err := c.GetClient(ctx, w.UUID)
			if err != nil {
				t.Fatal(err)
			}
			set := map[string]string{}
			for _, f := range model.ClientFields {
				if f.Write != "" {
					set[f.Write] = f.Get(&read)
				}
			}
			if _, err := c.UpdateClient(ctx, read.UUID, read.Name, set); err != nil {
				t.Fatalf("update %s: %v", read.UUID, err)
			}
			after, _ := s.Client(w.UUID)
			if after.Tax != w.Tax || after.DateOfBirth != w.DateOfBirth || after.Website != w.Website || after.Gender != w.Gender {
				t.Errorf("round-trip write changed %s:\nbefore %+v\nafter  %+v", w.UUID, w, after)
			}
		}
	}},
	{name: "update where omitted fields clear: the answer, not the request, is what the client reports", cfg: xpmfake.Config{Quirks: xpmfake.Quirks{UpdateReplaces: true}}, check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		before := active(s.Clients())[4]
		got, err := c.UpdateClient(ctx, before.UUID, before.Name, map[string]string{"Phone": "09 000 0000"})
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := s.Client(before.UUID)
		if got.Phone != "09 000 0000" || got.Address != stored.Address || got.Website != stored.Website || got.Email != stored.Email {
			t.Errorf("returned record differs from what the practice now holds:\n got %+v\nheld %+v", got, stored)
		}
	}},
	{name: "get of a deleted client answering ERROR reads as not found", cfg: xpmfake.Config{Quirks: xpmfake.Quirks{DeletedGetError: true}}, check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		target := active(s.Clients())[0].UUID
		if err := c.DeleteClient(ctx, target); err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetClient(ctx, target); !errors.Is(err, xpm.ErrNotFound) {
			t.Errorf("got %v", err)
		}
	}},
	{name: "archive then delete", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		target := active(s.Clients())[0]
		got, err := c.ArchiveClient(ctx, target.UUID)
		if err != nil || !got.IsArchived {
			t.Fatalf("archive: %+v %v", got.IsArchived, err)
		}
		var paged []string
		if err := c.PagedClients(ctx, 100, func(cl model.Client) error { paged = append(paged, cl.UUID); return nil }); err != nil {
			t.Fatal(err)
		}
		if slices.Contains(paged, target.UUID) {
			t.Error("archived client still in paged-list")
		}
		if err := c.DeleteClient(ctx, target.UUID); err != nil {
			t.Fatal(err)
		}
		if after, _ := s.Client(target.UUID); !after.IsDeleted {
			t.Error("delete did not reach the practice")
		}
		if l := byUUID(listAll(t, ctx, c, xpm.ListOptions{}))[target.UUID]; !l.IsDeleted {
			t.Errorf("list shows the deleted client as %+v", l)
		}
	}},
	{name: "contacts: paged list, get, update, add, delete", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		var listed []model.Contact
		if err := c.ListContacts(ctx, 9, func(ct model.Contact) error { listed = append(listed, ct); return nil }); err != nil {
			t.Fatal(err)
		}
		live := 0
		for _, ct := range s.Contacts() {
			live += b2i(!ct.IsDeleted)
		}
		if len(listed) != live {
			t.Errorf("contacts list gave %d, practice has %d live", len(listed), live)
		}
		var owner model.Client
		for _, cl := range active(s.Clients()) {
			if len(cl.Contacts) > 0 {
				owner = cl
				break
			}
		}
		ct := owner.Contacts[0]
		got, err := c.GetContact(ctx, ct.UUID, owner.UUID)
		if err != nil || got.Name != ct.Name || got.Position != ct.Position || got.IsPrimary != ct.IsPrimary {
			t.Fatalf("get contact %+v vs %+v: %v", got, ct, err)
		}
		got.Mobile, got.Position = "021 999 888", "Trustee"
		upd, err := c.UpdateContact(ctx, owner.UUID, got)
		if err != nil || upd.Mobile != "021 999 888" || upd.Position != "Trustee" {
			t.Fatalf("update contact %+v: %v", upd, err)
		}
		added, err := c.AddContact(ctx, owner.UUID, model.Contact{Name: "Hine Tahu & Co", Email: "hine@example.com", Position: "Accounts"})
		if err != nil || added.UUID == "" {
			t.Fatalf("add contact %+v: %v", added, err)
		}
		now, _ := s.Client(owner.UUID)
		if !slices.ContainsFunc(now.Contacts, func(x model.Contact) bool { return x.UUID == added.UUID && x.Name == "Hine Tahu & Co" }) {
			t.Errorf("added contact not on the client: %+v", now.Contacts)
		}
		if err := c.DeleteContact(ctx, added.UUID, owner.UUID); err != nil {
			t.Fatal(err)
		}
		now, _ = s.Client(owner.UUID)
		if slices.ContainsFunc(now.Contacts, func(x model.Contact) bool { return x.UUID == added.UUID && !x.IsDeleted }) {
			t.Error("deleted contact still linked")
		}
	}},
	{name: "link twelve contacts in batches of ten", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		target, err := c.AddClient(ctx, model.Client{Name: "Linking Test Ltd"})
		if err != nil {
			t.Fatal(err)
		}
		var links []xpm.ContactLink
		for _, ct := range s.Contacts() {
			if !ct.IsDeleted && len(links) < 12 {
				links = append(links, xpm.ContactLink{UUID: ct.UUID, Position: "Shareholder"})
			}
		}
		before := s.Calls()
		if err := c.LinkContacts(ctx, target.UUID, links); err != nil {
			t.Fatal(err)
		}
		if n := s.Calls() - before; n != 2 {
			t.Errorf("%d requests for 12 links, want 2", n)
		}
		got, _ := s.Client(target.UUID)
		if len(got.Contacts) != 12 {
			t.Errorf("client has %d contacts, want 12", len(got.Contacts))
		}
	}},
	{name: "relationships: add, update, delete", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		cs := active(s.Clients())
		a, b := cs[7], cs[8]
		r, err := c.AddRelationship(ctx, a.UUID, model.Relationship{Type: "Shareholder", RelatedClient: model.Ref{UUID: b.UUID}, NumberOfShares: "250", StartDate: "2020-07-01"})
		if err != nil || r.UUID == "" || r.Type != "Shareholder" || r.RelatedClient.UUID != b.UUID {
			t.Fatalf("add relationship %+v: %v", r, err)
		}
		r.NumberOfShares = "500"
		if _, err := c.UpdateRelationship(ctx, r); err != nil {
			t.Fatal(err)
		}
		got, _ := c.GetClient(ctx, a.UUID)
		i := slices.IndexFunc(got.Relationships, func(x model.Relationship) bool { return x.UUID == r.UUID })
		if i < 0 || got.Relationships[i].NumberOfShares != "500" || got.Relationships[i].StartDate != "2020-07-01" {
			t.Fatalf("relationship after update: %+v", got.Relationships)
		}
		if err := c.DeleteRelationship(ctx, r.UUID); err != nil {
			t.Fatal(err)
		}
		got, _ = c.GetClient(ctx, a.UUID)
		if slices.ContainsFunc(got.Relationships, func(x model.Relationship) bool { return x.UUID == r.UUID }) {
			t.Error("relationship still there after delete")
		}
	}},
	{name: "relationships: embedded answer shape", cfg: xpmfake.Config{Quirks: xpmfake.Quirks{RelationshipAsEmbedded: true}}, check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		cs := active(s.Clients())
		r, err := c.AddRelationship(ctx, cs[1].UUID, model.Relationship{Type: "Director", RelatedClient: model.Ref{UUID: cs[2].UUID}})
		if err != nil || r.UUID == "" || r.Type != "Director" {
			t.Fatalf("add relationship %+v: %v", r, err)
		}
	}},
	{name: "groups: add with members, change members, delete", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		cs := active(s.Clients())
		g, err := c.AddGroup(ctx, model.Group{Name: "Farm clients", Taxable: "No", Clients: []model.Ref{{UUID: cs[0].UUID}, {UUID: cs[1].UUID}, {UUID: cs[2].UUID}}})
		if err != nil || g.UUID == "" || len(g.Clients) != 3 {
			t.Fatalf("add group %+v: %v", g, err)
		}
		g, err = c.UpdateGroupMembers(ctx, g.UUID, []string{cs[3].UUID}, []string{cs[0].UUID})
		if err != nil {
			t.Fatal(err)
		}
		var members []string
		for _, m := range g.Clients {
			members = append(members, m.UUID)
		}
		slices.Sort(members)
		want := []string{cs[1].UUID, cs[2].UUID, cs[3].UUID}
		slices.Sort(want)
		if !slices.Equal(members, want) {
			t.Errorf("members %v, want %v", members, want)
		}
		all, err := c.ListGroups(ctx)
		if err != nil || !slices.ContainsFunc(all, func(x model.Group) bool { return x.UUID == g.UUID && x.Name == "Farm clients" }) {
			t.Errorf("list groups %v: %v", all, err)
		}
		if err := c.DeleteGroup(ctx, g.UUID); err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetGroup(ctx, g.UUID); !errors.Is(err, xpm.ErrNotFound) {
			t.Errorf("deleted group: %v", err)
		}
	}},
	{name: "staff: list, add, get, update, delete", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		list, err := c.ListStaff(ctx)
		if err != nil || len(list) != len(s.Staff()) {
			t.Fatalf("list staff %d vs %d: %v", len(list), len(s.Staff()), err)
		}
		added, err := c.AddStaff(ctx, model.Staff{Name: "Tama Ruru", Email: "tama@practice.example", Address: "1 Lane\nHamilton"})
		if err != nil || added.UUID == "" {
			t.Fatalf("add staff %+v: %v", added, err)
		}
		added.Phone = "07 555 0000"
		if _, err := c.UpdateStaff(ctx, added); err != nil {
			t.Fatal(err)
		}
		got, err := c.GetStaff(ctx, added.UUID)
		if err != nil || got.Phone != "07 555 0000" || got.Address != "1 Lane\nHamilton" || got.WebURL == "" {
			t.Fatalf("get staff %+v: %v", got, err)
		}
		if err := c.DeleteStaff(ctx, added.UUID); err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetStaff(ctx, added.UUID); !errors.Is(err, xpm.ErrNotFound) {
			t.Errorf("deleted staff: %v", err)
		}
	}},
	{name: "a practice disconnected in Xero answers forbidden", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, tok *xpmtest.Tokens) {
		// Xero's /connections belongs to core/auth; here it is only the way to disconnect.
		access, _ := tok.Token(ctx)
		req, _ := http.NewRequestWithContext(ctx, http.MethodDelete, s.BaseURL()+"/connections/"+s.ConnectionID(), nil)
		req.Header.Set("Authorization", "Bearer "+access)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			t.Fatalf("disconnect: HTTP %d", resp.StatusCode)
		}
		if _, err := c.ListStaff(ctx); !errors.Is(err, xpm.ErrForbidden) {
			t.Errorf("after disconnect: %v", err)
		}
	}},
	{name: "expired access token: refreshed once, call succeeds", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, tok *xpmtest.Tokens) {
		s.SetFaults(xpmfake.Faults{ExpireAccessTokens: true})
		if _, err := c.ListStaff(ctx); err != nil {
			t.Fatal(err)
		}
		if tok.Refreshes() != 1 {
			t.Errorf("%d refreshes, want 1", tok.Refreshes())
		}
	}},
	{name: "revoked grant: unauthorized, at most one refresh attempt", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, tok *xpmtest.Tokens) {
		s.SetFaults(xpmfake.Faults{ExpireAccessTokens: true, RevokeAll: true})
		if _, err := c.ListStaff(ctx); !errors.Is(err, xpm.ErrUnauthorized) || tok.Refreshes() > 1 {
			t.Errorf("err=%v refreshes=%d", err, tok.Refreshes())
		}
	}},
	{name: "429 minute burst: waits Retry-After, then succeeds", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		s.SetFaults(xpmfake.Faults{Burst429: 1, RetryAfter: 1})
		start := time.Now()
		if _, err := c.ListStaff(ctx); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d < 900*time.Millisecond {
			t.Errorf("retried after %v, before Retry-After", d)
		}
		if a := c.Allowance(); a.MinuteRemaining < 0 || a.DayRemaining <= 0 {
			t.Errorf("allowance not read from the headers: %+v", a)
		}
	}},
	{name: "429 day: stop and say when it returns", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		s.SetFaults(xpmfake.Faults{DayLimitExhausted: true})
		_, err := c.ListStaff(ctx)
		var rl *xpm.RateLimitError
		if !errors.As(err, &rl) || rl.Problem != "day" || !rl.Until.After(time.Now()) {
			t.Errorf("got %v", err)
		}
	}},
	{name: "5xx: reads retry to the limit, adds are sent once", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		s.SetFaults(xpmfake.Faults{Rate5xx: 1})
		before := s.Calls()
		if _, err := c.ListStaff(ctx); !errors.Is(err, xpm.ErrUnavailable) || s.Calls()-before != 5 {
			t.Errorf("get: err=%v calls=%d", err, s.Calls()-before)
		}
		before = s.Calls()
		if _, err := c.AddClient(ctx, model.Client{Name: "Never Twice Ltd"}); !errors.Is(err, xpm.ErrOutcomeUnknown) || s.Calls()-before != 1 {
			t.Errorf("add: err=%v calls=%d", err, s.Calls()-before)
		}
		s.SetFaults(xpmfake.Faults{Rate5xx: 0.3})
		for range 8 {
			if _, err := c.ListStaff(ctx); err != nil {
				t.Errorf("with 30%% failures and retries: %v", err)
			}
		}
	}},
	{name: "truncated answers: reads fail as truncated, an add is reconciled by searching", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		s.SetFaults(xpmfake.Faults{TruncateXML: true})
		if _, err := c.GetStaff(ctx, s.Staff()[0].UUID); !errors.Is(err, xpm.ErrTruncated) {
			t.Errorf("get: %v", err)
		}
		_, err := c.AddClient(ctx, model.Client{Name: "Half Heard Ltd"})
		if !errors.Is(err, xpm.ErrOutcomeUnknown) {
			t.Fatalf("add: %v", err)
		}
		s.SetFaults(xpmfake.Faults{})
		found, err := c.SearchClients(ctx, "Half Heard Ltd", false)
		if err != nil || len(found) != 1 {
			t.Errorf("reconcile by search: %d found, %v", len(found), err)
		}
	}},
	{name: "malformed answers are refused", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		s.SetFaults(xpmfake.Faults{MalformedXML: true})
		err := c.ListClients(ctx, xpm.ListOptions{}, func(model.Client) error { return nil })
		if !errors.Is(err, xpm.ErrMalformed) && !errors.Is(err, xpm.ErrTruncated) {
			t.Errorf("got %v", err)
		}
	}},
	{name: "409 conflict on update", check: func(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
		s.SetFaults(xpmfake.Faults{Conflict409: 1})
		cl := active(s.Clients())[0]
		_, err := c.UpdateClient(ctx, cl.UUID, cl.Name, map[string]string{"Phone": "1"})
		if !errors.Is(err, xpm.ErrConflict) {
			t.Errorf("got %v", err)
		}
	}},
}

func pagedCheck(t *testing.T, ctx context.Context, s *xpmfake.Server, c *xpm.Client, _ *xpmtest.Tokens) {
	var got []string
	if err := c.PagedClients(ctx, 7, func(cl model.Client) error { got = append(got, cl.UUID); return nil }); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, cl := range active(s.Clients()) {
		want = append(want, cl.UUID)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("paged-list gave %d clients, want the %d active ones (no repeats)", len(got), len(want))
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestContract(t *testing.T) {
	for _, tc := range contractCases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.Seed, cfg.Clients, cfg.PMModule, cfg.DisableRateLimits = 1, 40, true, true
			s, c, tok := startFake(t, cfg)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			tc.check(t, ctx, s, c, tok)
		})
	}
}

// TestLimiterKeepsFakeLimitsFromTripping runs 20 concurrent reads against a fake that enforces
// Xero's limits: the client's own limiter must keep every one from being refused.
func TestLimiterKeepsFakeLimitsFromTripping(t *testing.T) {
	// The client keeps its own limiter here: that limiter is what is under test.
	s, c := xpmtest.Connect(t, xpmfake.Config{Seed: 1, Clients: 5, Staff: 5, Quirks: xpmfake.Quirks{}, DisableRateLimits: false},
		xpmtest.Retry(fastRetry), xpmtest.Quiet())
	s.SetFaults(xpmfake.Faults{Latency: 30 * time.Millisecond})
	before := s.Calls()
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, err := c.ListStaff(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := s.Calls() - before; n != 20 {
		t.Errorf("%d calls for 20 reads: the fake refused some (concurrency limit)", n)
	}
	if a := c.Allowance(); a.MinuteRemaining != 60-20 {
		t.Errorf("minute allowance %d after 20 calls, want 40", a.MinuteRemaining)
	}
}
