package linking

import (
	"context"
	"io"

	"xpmsync/core/export"
	"xpmsync/core/store"
)

// The Clients tab talks to one object: these pass the store's list reads through, so the tab's
// interface stays one small thing a test can give a real store to.

// ClientRowsByKeys is store.ClientRowsByKeys.
func (s *Service) ClientRowsByKeys(ctx context.Context, keys []store.RowKey) ([]store.ClientRow, error) {
	return s.st.ClientRowsByKeys(ctx, keys)
}

// ClientFilterChoices is store.ClientFilterChoices.
func (s *Service) ClientFilterChoices(ctx context.Context) (store.FilterChoices, error) {
	return s.st.ClientFilterChoices(ctx)
}

// TeamMembers is store.TeamMembers.
func (s *Service) TeamMembers(ctx context.Context) ([]store.TeamMember, error) {
	return s.st.TeamMembers(ctx)
}

// ExportClients writes the clients q shows as CSV (formula-injection safe).
func (s *Service) ExportClients(ctx context.Context, q store.RowQuery, w io.Writer) error {
	rows, err := s.st.ClientRows(ctx, q)
	if err != nil {
		return err
	}
	return export.Clients(ctx, s.st, w, rows)
}

// ExportContacts writes the contacts of the clients q shows as CSV.
func (s *Service) ExportContacts(ctx context.Context, q store.RowQuery, w io.Writer) error {
	rows, err := s.st.ClientRows(ctx, q)
	if err != nil {
		return err
	}
	return export.Contacts(ctx, s.st, w, rows)
}

// ClientList is store.ClientList.
func (s *Service) ClientList(ctx context.Context, q store.RowQuery) (store.ClientList, error) {
	return s.st.ClientList(ctx, q)
}

// NarrowList is store.NarrowList.
func (s *Service) NarrowList(ctx context.Context, l store.ClientList, text string) ([]store.RowKey, error) {
	return s.st.NarrowList(ctx, l, text)
}
