package screens

import "xpmsync/core/view"

// OpenClient shows local client id, choosing its row when the list shows it (other tabs lead
// here: a Progress row that names a client, a duplicate's "Open that client").
func (t *ClientsTab) OpenClient(id int64) {
	key := view.RowKey{Kind: view.KindLocal, ID: id}
	for i, k := range t.keys {
		if k == key {
			t.List.Select(i)
			t.List.ScrollTo(i)
			return
		}
	}
	t.List.UnselectAll()
	t.selected = -1
	t.Detail.show(key)
}
