package xpm

import (
	"context"
	"fmt"
	"io"
	"net/url"

	"xpmsync/core/model"
)

// ContactLink links an existing contact to a client (POST client.api/client/{uuid}/contacts).
type ContactLink struct {
	UUID      string
	Position  string
	IsPrimary bool
}

// maxLinksPerRequest is XPM's cap on contacts linked per request.
const maxLinksPerRequest = 10

// ListContacts walks the paged client.api/contacts (non-deleted contacts; no IsPrimary or
// Position, which belong to a client link).
func (c *Client) ListContacts(ctx context.Context, pageSize int, fn func(model.Contact) error) error {
	return c.paged(ctx, "client.api/contacts", pageSize, func(r io.Reader, count *int) (string, error) {
		return decodeContactList(r, c.limits, func(ct model.Contact) error { *count++; return fn(ct) })
	})
}

// GetContact reads a contact as linked to clientUUID (so IsPrimary and Position are filled).
func (c *Client) GetContact(ctx context.Context, uuid, clientUUID string) (model.Contact, error) {
	var out model.Contact
	var found bool
	err := c.do(ctx, &call{method: "GET", op: "client.api/contact/" + url.PathEscape(uuid), query: clientQuery(clientUUID),
		idempotent: true, decode: func(r io.Reader) (err error) { out, found, err = decodeContact(r, c.limits); return err }})
	if err == nil && !found {
		return out, fmt.Errorf("GET client.api/contact: %w: no <Contact> in the response", ErrMalformed)
	}
	return out, err
}

// UpdateContact writes every field of ct (empty fields clear) for its link to clientUUID and
// returns the contact as XPM then has it.
func (c *Client) UpdateContact(ctx context.Context, clientUUID string, ct model.Contact) (model.Contact, error) {
	if ct.UUID == "" {
		return model.Contact{}, fmt.Errorf("PUT client.api/contact: no contact UUID")
	}
	var out model.Contact
	var found bool
	err := c.do(ctx, &call{method: "PUT", op: "client.api/contact/" + url.PathEscape(ct.UUID), query: clientQuery(clientUUID),
		body: contactBody(clientUUID, ct), idempotent: true,
		decode: func(r io.Reader) (err error) { out, found, err = decodeContact(r, c.limits); return err }})
	if err != nil {
		return out, err
	}
	if !found || out.UUID == "" {
		return c.GetContact(ctx, ct.UUID, clientUUID)
	}
	return out, nil
}

// AddContact creates a contact on clientUUID. Never re-sent when the outcome is unclear
// (ErrOutcomeUnknown); if XPM's answer lacks the new UUID the client is read back to find it.
func (c *Client) AddContact(ctx context.Context, clientUUID string, ct model.Contact) (model.Contact, error) {
	if clientUUID == "" || ct.Name == "" {
		return model.Contact{}, fmt.Errorf("POST client.api/contact: client UUID and contact name are required")
	}
	var out model.Contact
	var found bool
	err := c.do(ctx, &call{method: "POST", op: "client.api/contact", body: contactBody(clientUUID, ct),
		decode: func(r io.Reader) (err error) { out, found, err = decodeContact(r, c.limits); return err }})
	if err != nil {
		return out, err
	}
	if found && out.UUID != "" {
		return out, nil
	}
	cl, err := c.GetClient(ctx, clientUUID)
	if err != nil {
		return model.Contact{}, fmt.Errorf("POST client.api/contact: added, but reading it back failed: %w", err)
	}
	for i := len(cl.Contacts) - 1; i >= 0; i-- {
		if cl.Contacts[i].Name == ct.Name && !cl.Contacts[i].IsDeleted {
			return cl.Contacts[i], nil
		}
	}
	return model.Contact{}, fmt.Errorf("POST client.api/contact: %w: XPM said OK but the contact is not on the client", ErrOutcomeUnknown)
}

// DeleteContact removes the contact from clientUUID ("" = the contact itself).
func (c *Client) DeleteContact(ctx context.Context, uuid, clientUUID string) error {
	return c.do(ctx, &call{method: "DELETE", op: "client.api/contact/" + url.PathEscape(uuid), query: clientQuery(clientUUID),
		idempotent: true, decode: func(r io.Reader) error { return decodeStatus(r, c.limits) }})
}

// LinkContacts links existing contacts to a client, ten per request as XPM requires.
func (c *Client) LinkContacts(ctx context.Context, clientUUID string, links []ContactLink) error {
	for start := 0; start < len(links); start += maxLinksPerRequest {
		batch := links[start:min(start+maxLinksPerRequest, len(links))]
		var w xmlBody
		w.open("Client")
		w.open("Contacts")
		for _, l := range batch {
			w.open("Contact")
			w.elem("UUID", l.UUID)
			w.opt("Position", l.Position)
			w.elem("IsPrimary", yesNo(l.IsPrimary))
			w.close("Contact")
		}
		w.close("Contacts")
		w.close("Client")
		err := c.do(ctx, &call{method: "POST", op: "client.api/client/" + url.PathEscape(clientUUID) + "/contacts", body: w.bytes(),
			decode: func(r io.Reader) error { return decodeStatus(r, c.limits) }})
		if err != nil {
			return fmt.Errorf("linking contacts %d–%d of %d: %w", start+1, start+len(batch), len(links), err)
		}
	}
	return nil
}

func clientQuery(clientUUID string) url.Values {
	if clientUUID == "" {
		return nil
	}
	return url.Values{"clientUuid": {clientUUID}}
}

// contactBody is the PUT/POST contact body: every field (so the contact ends up exactly as ct),
// with the client link that Position and IsPrimary belong to.
func contactBody(clientUUID string, ct model.Contact) []byte {
	var w xmlBody
	w.open("Contact")
	if clientUUID != "" {
		w.open("Client")
		w.elem("UUID", clientUUID)
		w.close("Client")
	}
	w.elem("Name", ct.Name)
	w.elem("Salutation", ct.Salutation)
	w.elem("Addressee", ct.Addressee)
	w.elem("Mobile", ct.Mobile)
	w.elem("Email", ct.Email)
	w.elem("Phone", ct.Phone)
	w.elem("Position", ct.Position)
	w.elem("IsPrimary", yesNo(ct.IsPrimary))
	w.close("Contact")
	return w.bytes()
}
