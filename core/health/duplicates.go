package health

import (
	"sort"
	"strings"
)

// maxBlock is the largest set of clients sharing one key that is compared pair by pair. A
// bigger set is a shared placeholder ("info@", the practice's own phone), not duplicates.
const maxBlock = 40

// dupRecord is what the duplicate check knows of one client.
type dupRecord struct {
	idx    int // into Data.Records
	name   nameKey
	dob    string
	busNum string
	coNum  string
	taxNum string
}

// edge is a reason two clients look like the same client.
type edge struct {
	a, b   int
	reason string // "same name", "same email", …
	field  string
	value  string
}

// duplicates groups clients that look like the same client. Clients are only compared within
// blocks that share a key (normalised name, email, phone, identifying number), never all pairs.
func duplicates(d *Data, active []int) []Finding {
	recs := make([]dupRecord, len(active))
	for i, idx := range active {
		r := &d.Records[idx]
		recs[i] = dupRecord{idx: idx, name: makeNameKey(r.Name), dob: strings.TrimSpace(r.DOB),
			busNum: numberKey(r.Business), coNum: numberKey(r.Company), taxNum: numberKey(r.TaxNumber)}
		if recs[i].name.class == classNone && (recs[i].dob != "" || !blank(r.FirstName) || !blank(r.LastName)) {
			recs[i].name.class = classPerson // a person is never the same client as their trust or fund
		}
	}
	blocks := dupBlocks(d, active, recs)
	var edges []edge
	for _, b := range blocks {
		edges = b.edges(recs, edges)
	}
	return groupEdges(d, recs, edges)
}

// block is the clients sharing one key.
type block struct {
	kind, field, value string
	members            []int // into recs
}

func (b *block) edges(recs []dupRecord, out []edge) []edge {
	if len(b.members) < 2 || len(b.members) > maxBlock {
		return out
	}
	for i, x := range b.members {
		for _, y := range b.members[i+1:] {
			if sameClient(b.kind, &recs[x], &recs[y]) {
				out = append(out, edge{x, y, "same " + strings.ToLower(b.field), b.field, b.value})
			}
		}
	}
	return out
}

// dupBlocks indexes the clients by every key that can make them duplicates.
func dupBlocks(d *Data, active []int, recs []dupRecord) []*block {
	index := map[string]*block{}
	var order []*block
	add := func(kind, field, key, value string, i int) {
		if key == "" {
			return
		}
		k := kind + "\x00" + key
		b := index[k]
		if b == nil {
			b = &block{kind: kind, field: field, value: value}
			index[k] = b
			order = append(order, b)
		}
		if n := len(b.members); n == 0 || b.members[n-1] != i { // one client's two contacts share a key
			b.members = append(b.members, i)
		}
	}
	for i, idx := range active {
		r := &d.Records[idx]
		rec := &recs[i]
		add("name", "Name", rec.name.core, r.Name, i)
		if rec.name.joined != "" {
			add("name", "Name", "joined:"+rec.name.joined, r.Name, i)
		}
		add("email", "Email", emailKey(r.Email), r.Email, i)
		add("number", "Business number", rec.busNum, r.Business, i)
		add("number", "Company number", rec.coNum, r.Company, i)
		add("number", "Tax number", rec.taxNum, r.TaxNumber, i)
		if k, _ := phoneProblem(r.Phone, d.CountryCode); k != "" {
			add("phone", "Phone", k, r.Phone, i)
		}
		for _, c := range r.Contacts {
			if !c.Primary {
				continue
			}
			if k, _ := mobileProblem(c.Mobile, d.CountryCode); k != "" {
				add("phone", "Mobile", k, c.Mobile, i)
			}
		}
	}
	return order
}

// sameClient decides whether two clients sharing a key of the given kind are one client.
// Different dates of birth or identifying numbers always mean different clients; a shared
// email or phone also needs names that could be the same (spouses share a phone, a director
// her company's email).
func sameClient(kind string, a, b *dupRecord) bool {
	if differ(a.dob, b.dob) || differ(a.busNum, b.busNum) || differ(a.coNum, b.coNum) || differ(a.taxNum, b.taxNum) {
		return false
	}
	if !classesFit(a.name.class, b.name.class) {
		return false
	}
	switch kind {
	case "name", "number":
		return true
	default:
		return namesFit(a.name.words, b.name.words)
	}
}

// differ reports whether two values are both known and not the same.
func differ(a, b string) bool { return a != "" && b != "" && a != b }

// namesFit reports whether every word of the shorter name is in the longer one, allowing an
// initial for a name ("J Smith", "John Smith") and one slip of typing in a longer word. A
// surname alone fits nobody: "Baker" is not Björn Baker.
func namesFit(a, b []string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 || (len(a) == 1 && len(b) > 1) {
		return false
	}
	for _, w := range a {
		found := false
		for _, v := range b {
			if wordsFit(w, v) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func wordsFit(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 1 || len(rb) == 1 {
		return ra[0] == rb[0]
	}
	return len(ra) >= 4 && len(rb) >= 4 && editDistanceAtMostOne(ra, rb)
}

// editDistanceAtMostOne reports whether one insertion, deletion or substitution turns a into b.
func editDistanceAtMostOne(a, b []rune) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return string(a[i+1:]) == string(b[i+1:])
	}
	return string(a[i:]) == string(b[i+1:])
}

// groupEdges joins clients linked by any reason into groups, one finding per group.
func groupEdges(d *Data, recs []dupRecord, edges []edge) []Finding {
	parent := make([]int, len(recs))
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, e := range edges {
		if ra, rb := find(e.a), find(e.b); ra != rb {
			parent[ra] = rb
		}
	}
	groups := map[int]*dupGroup{}
	var roots []int
	for _, e := range edges {
		r := find(e.a)
		g := groups[r]
		if g == nil {
			g = &dupGroup{members: map[int]bool{}}
			groups[r] = g
			roots = append(roots, r)
		}
		g.members[e.a], g.members[e.b] = true, true
		g.addReason(e)
	}
	out := make([]Finding, 0, len(roots))
	for _, r := range roots {
		out = append(out, groups[r].finding(d, recs))
	}
	return out
}

type dupGroup struct {
	members map[int]bool
	reasons []edge // one per distinct reason
}

func (g *dupGroup) addReason(e edge) {
	for _, r := range g.reasons {
		if r.reason == e.reason {
			return
		}
	}
	g.reasons = append(g.reasons, e)
}

func (g *dupGroup) finding(d *Data, recs []dupRecord) Finding {
	idx := make([]int, 0, len(g.members))
	for m := range g.members {
		idx = append(idx, recs[m].idx)
	}
	sort.Ints(idx)
	f := Finding{Check: CheckDuplicate, Clients: refs(d, idx...)}
	var reasons, fields, values []string
	parts := []string{CheckDuplicate}
	for _, e := range g.reasons {
		reasons, fields, values = append(reasons, e.reason), append(fields, e.field), append(values, e.value)
	}
	for _, i := range idx {
		r := &d.Records[i]
		parts = append(parts, r.Name, r.Email, r.Phone, r.DOB, r.Business, r.Company, r.TaxNumber)
	}
	f.Field, f.Value = strings.Join(fields, ", "), strings.Join(values, "; ")
	f.Reason = strings.Join(reasons, ", ")
	f.Fingerprint = fingerprint(parts...)
	return f
}
