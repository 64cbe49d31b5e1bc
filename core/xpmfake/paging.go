package xpmfake

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// pageStore keeps the snapshots behind opaque page tokens. A token is random, valid only for
// the snapshot that issued it, and expires an hour after that snapshot was taken.
type pageStore struct {
	mu     sync.Mutex
	tokens map[string]pageRef
	order  []string
}

type snapshot struct {
	kind  string // "clients" or "contacts"
	ids   []string
	taken time.Time
}

type pageRef struct {
	snap   *snapshot
	offset int
}

const (
	maxPageTokens = 2000
	snapshotTTL   = time.Hour
)

func newPageStore() *pageStore { return &pageStore{tokens: map[string]pageRef{}} }

func (p *pageStore) issue(ref pageRef) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	tok := randToken(18)
	p.tokens[tok] = ref
	p.order = append(p.order, tok)
	if len(p.order) > maxPageTokens {
		delete(p.tokens, p.order[0])
		p.order = p.order[1:]
	}
	return tok
}

func (p *pageStore) lookup(tok, kind string, now time.Time) (pageRef, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ref, ok := p.tokens[tok]
	if !ok || ref.snap.kind != kind || now.Sub(ref.snap.taken) > snapshotTTL {
		return pageRef{}, false
	}
	return ref, true
}

// pageRequest reads pageSize/pageToken; ok=false means an error answer was written.
func (s *Server) pageRequest(c *call, kind string, take func() []string) (ref pageRef, size int, ok bool) {
	bad := func(desc string) {
		if s.quirks().BadPageToken400 {
			c.w.Header().Set("Content-Type", "application/json")
			c.w.WriteHeader(http.StatusBadRequest)
			_, _ = c.w.Write([]byte(`{"status":"ERROR","errorDescription":"` + desc + `"}`))
			return
		}
		s.fail(c, desc)
	}
	size = 50
	if v, present := qget(c.r, "pageSize"); present {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			bad("Page size must be between 1 and 500")
			return pageRef{}, 0, false
		}
		size = n
	}
	if tok, present := qget(c.r, "pageToken"); present && tok != "" {
		ref, found := s.pages.lookup(tok, kind, s.clock.Now())
		if !found {
			bad("Invalid page token")
			return pageRef{}, 0, false
		}
		return ref, size, true
	}
	return pageRef{snap: &snapshot{kind: kind, ids: take(), taken: s.clock.Now()}}, size, true
}

// writePagination writes <Pagination><Links><First/><Next/></Links></Pagination>; Next is
// left out on the last page (or empty, per Quirks.EmptyNextOnLastPage).
func (s *Server) writePagination(x *xw, c *call, endpoint string, ref pageRef, size int) {
	base := issuerOf(c.r) + apiPrefix + endpoint
	sz := strconv.Itoa(size)
	x.open("Pagination")
	x.open("Links")
	x.el("First", base+"?pageSize="+sz)
	next := ""
	if ref.offset+size < len(ref.snap.ids) {
		next = s.pages.issue(pageRef{snap: ref.snap, offset: ref.offset + size})
		x.el("Next", base+"?pageToken="+next+"&pageSize="+sz)
	} else if s.quirks().EmptyNextOnLastPage {
		x.empty("Next")
	}
	x.close("Links")
	if s.quirks().NextTokenElement {
		x.open("Tokens")
		x.el("NextToken", next)
		x.close("Tokens")
	}
	x.close("Pagination")
}

func (r pageRef) page(size int) []string {
	end := min(len(r.snap.ids), r.offset+size)
	if r.offset >= end {
		return nil
	}
	return r.snap.ids[r.offset:end]
}
