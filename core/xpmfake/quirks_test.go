package xpmfake_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/xpmfake"
)

func TestQuirkSwitches(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 30, Seed: 31, PMModule: true, Now: frozen})
	live := func() []model.Client {
		var out []model.Client
		for _, c := range se.s.Clients() {
			if !c.IsArchived && !c.IsDeleted {
				out = append(out, c)
			}
		}
		return out
	}

	t.Run("contact edits bump clients when switched on", func(t *testing.T) {
		se.t = t
		se.s.SetQuirks(xpmfake.Quirks{ContactEditBumpsClient: true})
		se.advance(time.Hour)
		cutoff := se.s.Clock().Now().Format("2006-01-02T15:04:05")
		c := live()[0]
		se.xmlOK("PUT", "client.api/contact/"+c.Contacts[0].UUID, "<Contact><Name>Changed Name</Name></Contact>", nil)
		var got xClients
		se.xmlOK("GET", "client.api/list?modifiedsince="+cutoff, "", &got)
		if len(got.Clients) == 0 {
			t.Fatal("contact edit did not show the client in the delta")
		}
	})

	t.Run("archive keeps modified", func(t *testing.T) {
		se.t = t
		se.s.SetQuirks(xpmfake.Quirks{ArchiveKeepsModified: true})
		se.advance(time.Hour)
		cutoff := se.s.Clock().Now().Format("2006-01-02T15:04:05")
		se.xmlOK("PUT", "client.api/archive", "<Client><UUID>"+live()[1].UUID+"</UUID></Client>", nil)
		var got xClients
		se.xmlOK("GET", "client.api/list?modifiedsince="+cutoff, "", &got)
		if len(got.Clients) != 0 {
			t.Fatalf("archive bumped modified despite the switch: %d clients", len(got.Clients))
		}
	})

	t.Run("deleted hidden from list and get errors", func(t *testing.T) {
		se.t = t
		se.s.SetQuirks(xpmfake.Quirks{DeletedHiddenFromList: true, DeletedGetError: true})
		var got xClients
		se.xmlOK("GET", "client.api/list", "", &got)
		for _, c := range got.Clients {
			if c.IsDeleted == "Yes" {
				t.Fatal("deleted client listed")
			}
		}
		for _, c := range se.s.Clients() {
			if c.IsDeleted {
				se.xmlError("GET", "client.api/get/"+c.UUID, "")
				break
			}
		}
	})

	t.Run("last page shape", func(t *testing.T) {
		se.t = t
		se.s.SetQuirks(xpmfake.Quirks{EmptyNextOnLastPage: true, NextTokenElement: true, XMLProlog: true})
		_, body := se.do("GET", "client.api/paged-list?pageSize=500", "")
		b := string(body)
		if !strings.HasPrefix(b, "<?xml") || !strings.Contains(b, "<Next />") || !strings.Contains(b, "<NextToken></NextToken>") {
			t.Fatalf("last page: %s", b[strings.Index(b, "<Pagination>"):])
		}
		se.s.SetQuirks(xpmfake.Quirks{})
		_, body = se.do("GET", "client.api/paged-list?pageSize=500", "")
		if strings.Contains(string(body), "<Next") || strings.HasPrefix(string(body), "<?xml") {
			t.Fatal("default last page carries Next or a prolog")
		}
	})

	t.Run("gzip", func(t *testing.T) {
		se.t = t
		se.s.SetQuirks(xpmfake.Quirks{Gzip: true})
		var got xClients
		se.xmlOK("GET", "client.api/list?detailed=true", "", &got) // Go's client asks for gzip and inflates
		if len(got.Clients) != len(se.s.Clients()) {
			t.Fatalf("gzip list gave %d clients", len(got.Clients))
		}
		req, _ := http.NewRequest("GET", se.base+"/practicemanager/3.1/staff.api/list", nil)
		req.Header.Set("Authorization", "Bearer "+se.tok.AccessToken)
		req.Header.Set("xero-tenant-id", se.tenant)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("Content-Encoding %q", resp.Header.Get("Content-Encoding"))
		}
	})

	t.Run("bad page token as HTTP 400", func(t *testing.T) {
		se.t = t
		se.s.SetQuirks(xpmfake.Quirks{BadPageToken400: true})
		if resp, _ := se.do("GET", "client.api/paged-list?pageToken=forged", ""); resp.StatusCode != 400 {
			t.Fatalf("forged token: %d", resp.StatusCode)
		}
	})

	t.Run("relationship answers in the embedded shape", func(t *testing.T) {
		se.t = t
		se.s.SetQuirks(xpmfake.Quirks{RelationshipAsEmbedded: true})
		l := live()
		_, body := se.do("POST", "client.api/addrelationship", "<Relationship><ClientUUID>"+l[0].UUID+"</ClientUUID><RelatedClientUUID>"+l[1].UUID+"</RelatedClientUUID><Type>Associate</Type></Relationship>")
		if !strings.Contains(string(body), "<Relationship><UUID>") || strings.Contains(string(body), "ClientRelationship") {
			t.Fatalf("embedded shape: %s", body)
		}
	})

	t.Run("merge archives or removes", func(t *testing.T) {
		se.t = t
		l := live()
		se.s.SetQuirks(xpmfake.Quirks{MergeArchives: true})
		if err := se.s.MergeClients(l[0].UUID, l[1].UUID); err != nil {
			t.Fatal(err)
		}
		if c, _ := se.s.Client(l[0].UUID); !c.IsArchived || c.IsDeleted {
			t.Fatalf("merge-archives: archived=%v deleted=%v", c.IsArchived, c.IsDeleted)
		}
		se.s.SetQuirks(xpmfake.Quirks{MergeRemoves: true})
		if err := se.s.MergeClients(l[2].UUID, l[1].UUID); err != nil {
			t.Fatal(err)
		}
		if _, ok := se.s.Client(l[2].UUID); ok {
			t.Fatal("merge-removes kept the loser")
		}
	})
}

func TestLoopbackIPAndTenantNameQuirks(t *testing.T) {
	_, base := startFake(t, xpmfake.Config{AutoApprove: true, Quirks: xpmfake.Quirks{AllowLoopbackIP: true, TenantNamed: true}})
	_, challenge := pkcePair("q")
	resp, err := noRedirect.Get(authorizeURL(base, testClientID, "http://127.0.0.1:8765/callback", allScopes, "s", challenge))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("127.0.0.1 redirect with the switch on: %d", resp.StatusCode)
	}
	tok := connect(t, base)
	req, _ := http.NewRequest("GET", base+"/connections", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	var conns []map[string]any
	_ = json.NewDecoder(r.Body).Decode(&conns)
	if len(conns) != 1 || conns[0]["tenantName"] == nil {
		t.Fatalf("tenant-named: %v", conns)
	}
}
