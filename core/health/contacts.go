package health

import (
	"sort"
	"strings"
)

// primaryRef is one primary contact on one client.
type primaryRef struct {
	rec int // into Data.Records
	c   *Contact
}

// contactDiffers finds a person who is the primary contact on several clients with different
// details there. People are only compared within blocks of the same normalised name, and are
// taken to be one person only when they share the contact record, an email or a number — two
// different people with a common name are not one person.
func contactDiffers(d *Data, active []int) []Finding {
	byName := map[string][]primaryRef{}
	var names []string
	for _, idx := range active {
		r := &d.Records[idx]
		for i := range r.Contacts {
			c := &r.Contacts[i]
			if !c.Primary {
				continue
			}
			k := makeNameKey(c.Name).core
			if k == "" {
				continue
			}
			if _, ok := byName[k]; !ok {
				names = append(names, k)
			}
			byName[k] = append(byName[k], primaryRef{idx, c})
		}
	}
	var out []Finding
	for _, k := range names {
		refs := byName[k]
		if len(refs) < 2 || len(refs) > maxBlock {
			continue
		}
		for _, people := range samePeople(d, refs) {
			if f, ok := differingPerson(d, people); ok {
				out = append(out, f)
			}
		}
	}
	return out
}

// samePeople splits contacts of one name into the people they are.
func samePeople(d *Data, refs []primaryRef) [][]primaryRef {
	parent := make([]int, len(refs))
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			x = parent[x]
		}
		return x
	}
	for i := range refs {
		for j := i + 1; j < len(refs); j++ {
			if samePerson(d, refs[i].c, refs[j].c) {
				parent[find(i)] = find(j)
			}
		}
	}
	groups := map[int][]primaryRef{}
	var order []int
	for i, r := range refs {
		root := find(i)
		if _, ok := groups[root]; !ok {
			order = append(order, root)
		}
		groups[root] = append(groups[root], r)
	}
	out := make([][]primaryRef, 0, len(order))
	for _, root := range order {
		out = append(out, groups[root])
	}
	return out
}

func samePerson(d *Data, a, b *Contact) bool {
	if a.UUID != "" && a.UUID == b.UUID {
		return true
	}
	if k := emailKey(a.Email); k != "" && k == emailKey(b.Email) {
		return true
	}
	ma, _ := mobileProblem(a.Mobile, d.CountryCode)
	mb, _ := mobileProblem(b.Mobile, d.CountryCode)
	return ma != "" && ma == mb
}

// differingPerson makes a finding when one person's details differ between their clients.
func differingPerson(d *Data, people []primaryRef) (Finding, bool) {
	seen := map[int]bool{}
	var idx []int
	emails, mobiles, phones := map[string]string{}, map[string]string{}, map[string]string{}
	for _, p := range people {
		if !seen[p.rec] {
			seen[p.rec] = true
			idx = append(idx, p.rec)
		}
		note(emails, emailKey(p.c.Email), p.c.Email)
		mk, _ := mobileProblem(p.c.Mobile, d.CountryCode)
		note(mobiles, mk, p.c.Mobile)
		pk, _ := phoneProblem(p.c.Phone, d.CountryCode)
		note(phones, pk, p.c.Phone)
	}
	if len(idx) < 2 {
		return Finding{}, false
	}
	var fields, values []string
	for _, f := range []struct {
		name string
		vals map[string]string
	}{{"Email", emails}, {"Mobile", mobiles}, {"Phone", phones}} {
		if len(f.vals) > 1 {
			fields, values = append(fields, f.name), append(values, joinValues(f.vals))
		}
	}
	if len(fields) == 0 {
		return Finding{}, false
	}
	sort.Ints(idx)
	name := strings.TrimSpace(people[0].c.Name)
	f := Finding{Check: CheckContactDiffers, Clients: refs(d, idx...), Field: "Contact " + strings.Join(fields, ", "),
		Value:  strings.Join(values, "; "),
		Reason: name + " is the primary contact on " + itoa(len(idx)) + " clients with a different " + strings.ToLower(strings.Join(fields, " and ")) + " on each"}
	f.Fingerprint = fingerprint(append([]string{CheckContactDiffers, name}, values...)...)
	return f, true
}

func note(m map[string]string, key, value string) {
	if key != "" {
		m[key] = strings.TrimSpace(value)
	}
}

func joinValues(m map[string]string) string {
	vs := make([]string, 0, len(m))
	for _, v := range m {
		vs = append(vs, v)
	}
	sort.Strings(vs)
	return strings.Join(vs, " / ")
}
