package model

import "strings"

// FieldLabel is a client field in a bookkeeper's words, found by its Key or its XPM write name
// ("AccountManagerUUID" → "Partner"); a name it does not know is returned as it is.
func FieldLabel(name string) string {
	for _, f := range ClientFields {
		if f.Key == name || f.Write == name {
			return f.Label
		}
	}
	return name
}

// FieldLabels words a set of field names (keys or XPM write names) as a list, in the order the
// client's fields are shown, so every message lists them alike.
func FieldLabels(names []string) string {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var out []string
	for _, f := range ClientFields {
		if want[f.Key] || want[f.Write] {
			out = append(out, f.Label)
			delete(want, f.Key)
			delete(want, f.Write)
		}
	}
	for _, n := range names {
		if want[n] {
			out = append(out, n)
			delete(want, n)
		}
	}
	return strings.Join(out, ", ")
}
