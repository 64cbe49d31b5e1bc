package health

import (
	"strings"

	"xpmsync/core/linking"
	"xpmsync/core/model"
)

// Comparison lays the clients of a finding side by side, field by field.
type Comparison struct {
	Columns []Column
	Rows    []CompareRow
}

// Column is one client of the comparison.
type Column struct {
	Name     string
	Side     string // "Local client", "Local, linked to XPM", "XPM client not imported"
	WebURL   string // its page in XPM; "" when it has none
	LocalID  int64  // 0 for an XPM client not imported
	Editable bool   // the record here is the source of truth, so editing it here sticks
}

// CompareRow is one field across the clients; Differs marks values that are not all the same.
type CompareRow struct {
	Field   string
	Values  []string
	Differs bool
}

// compareFields are the fields shown, in the order a person reads a client.
var compareFields = []struct {
	name string
	get  func(d *linking.Detail) string
}{
	{"Name", func(d *linking.Detail) string { return d.Client.Name }},
	{"Email", func(d *linking.Detail) string { return d.Client.Email }},
	{"Phone", func(d *linking.Detail) string { return d.Client.Phone }},
	{"Primary contact", func(d *linking.Detail) string { return primary(d).Name }},
	{"Contact email", func(d *linking.Detail) string { return primary(d).Email }},
	{"Contact mobile", func(d *linking.Detail) string { return primary(d).Mobile }},
	{"Date of birth", func(d *linking.Detail) string { return d.Client.DateOfBirth }},
	{"Postal address", func(d *linking.Detail) string { return oneLine(d.Client.PostalAddress) }},
	{"Post code", func(d *linking.Detail) string { return d.Client.PostCode }},
	{"Country", func(d *linking.Detail) string { return d.Client.Country }},
	{"Business number", func(d *linking.Detail) string { return d.Client.Tax.BusinessNumber }},
	{"Company number", func(d *linking.Detail) string { return d.Client.Tax.CompanyNumber }},
	{"Partner", func(d *linking.Detail) string { return d.Partner }},
	{"Manager", func(d *linking.Detail) string { return d.Manager }},
	{"Client code", func(d *linking.Detail) string { return d.Client.ClientCode }},
}

func primary(d *linking.Detail) model.Contact {
	for _, c := range d.Contacts {
		if c.IsPrimary {
			return c.Contact
		}
	}
	return model.Contact{}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Compare lays out the clients' details side by side. A field empty on every client is left
// out; a field whose values differ (ignoring case and spacing) is marked.
func Compare(dets []linking.Detail) Comparison {
	var cmp Comparison
	for i := range dets {
		d := &dets[i]
		col := Column{Name: d.Client.Name, WebURL: d.WebURL(), Side: "XPM client not imported"}
		if d.Local != nil {
			col.LocalID = d.Local.ID
			col.Side, col.Editable = "Local client", true
			if d.XPM != nil {
				col.Side, col.Editable = "Local, linked to XPM", d.PushByDefault
			}
		}
		cmp.Columns = append(cmp.Columns, col)
	}
	for _, f := range compareFields {
		row := CompareRow{Field: f.name}
		seen := map[string]bool{}
		for i := range dets {
			v := strings.TrimSpace(f.get(&dets[i]))
			row.Values = append(row.Values, v)
			seen[strings.ToLower(strings.Join(strings.Fields(v), " "))] = true
		}
		if len(seen) == 1 && seen[""] {
			continue
		}
		row.Differs = len(seen) > 1
		cmp.Rows = append(cmp.Rows, row)
	}
	return cmp
}
