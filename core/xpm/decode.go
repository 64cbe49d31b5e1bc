package xpm

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"

	"xpmsync/core/model"
)

// decodeList streams the items of a list response: each <item> inside <container> (or, leniently,
// directly under <Response>) is read alone and handed to fn, so memory stays at one item.
// It also returns the next-page token from <Pagination>, if any.
func decodeList(r io.Reader, lim Limits, container, item string, fn func(*node) error) (env envelope, next string, err error) {
	env, err = decodeEnvelope(r, lim, func(s *xmlStream, st xml.StartElement) error {
		switch st.Name.Local {
		case container:
			return s.children(func(k xml.StartElement) error {
				if k.Name.Local != item {
					return s.skip()
				}
				n, err := s.readItem(k)
				if err != nil {
					return err
				}
				return fn(n)
			})
		case item:
			n, err := s.readItem(st)
			if err != nil {
				return err
			}
			return fn(n)
		case "Pagination":
			n, err := s.readNode(st)
			if err != nil {
				return err
			}
			next = nextToken(n)
			return nil
		}
		return s.skip()
	})
	return env, next, err
}

// nextToken reads the continuation token from <Pagination>: the pageToken of Links/Next, or
// Tokens/NextToken (an unmerged Xero draft). "" means last page.
func nextToken(p *node) string {
	if t := strings.TrimSpace(p.child("Tokens").str("NextToken")); t != "" {
		return t
	}
	link := strings.TrimSpace(p.child("Links").str("Next"))
	if link == "" {
		return ""
	}
	if u, err := url.Parse(link); err == nil {
		for k, v := range u.Query() {
			if strings.EqualFold(k, "pageToken") && len(v) > 0 && v[0] != "" {
				return v[0]
			}
		}
	}
	return ""
}

// decodeOne reads the first element named one of names (directly under <Response>, or as the
// first item of a container of that name plus "s"/"List"). found is false when none came.
func decodeOne(r io.Reader, lim Limits, names ...string) (n *node, env envelope, err error) {
	isName := func(s string) bool { return slices.Contains(names, s) }
	isContainer := func(s string) bool {
		return slices.ContainsFunc(names, func(x string) bool { return s == x+"s" || s == x+"List" })
	}
	// first reads k when it is the wanted element and none was read yet.
	first := func(s *xmlStream, k xml.StartElement) (bool, error) {
		if n != nil || !isName(k.Name.Local) {
			return false, nil
		}
		var err error
		n, err = s.readNode(k)
		return true, err
	}
	env, err = decodeEnvelope(r, lim, func(s *xmlStream, st xml.StartElement) error {
		if took, err := first(s, st); took {
			return err
		}
		if n == nil && isContainer(st.Name.Local) {
			return s.children(func(k xml.StartElement) error {
				if took, err := first(s, k); took {
					return err
				}
				return s.skip()
			})
		}
		return s.skip()
	})
	if err != nil {
		return nil, env, err
	}
	if n != nil && n.str("WebUrl", "WebURL") == "" && env.WebURL != "" {
		n.kids = append(n.kids, &node{name: "WebUrl", text: env.WebURL})
	}
	return n, env, nil
}

// decodeClientList streams <Clients>.
func decodeClientList(r io.Reader, lim Limits, fn func(model.Client) error) (string, error) {
	_, next, err := decodeList(r, lim, "Clients", "Client", func(n *node) error {
		if err := fn(clientFromNode(n)); err != nil {
			return &callbackError{err}
		}
		return nil
	})
	return next, err
}

// decodeClient reads the single <Client> of get/add/update/archive.
func decodeClient(r io.Reader, lim Limits) (model.Client, error) {
	n, _, err := decodeOne(r, lim, "Client")
	if err != nil {
		return model.Client{}, err
	}
	if n == nil {
		return model.Client{}, fmt.Errorf("%w: no <Client> in the response", ErrMalformed)
	}
	return clientFromNode(n), nil
}

// decodeContactList streams <Contacts> of client.api/contacts.
func decodeContactList(r io.Reader, lim Limits, fn func(model.Contact) error) (string, error) {
	_, next, err := decodeList(r, lim, "Contacts", "Contact", func(n *node) error {
		if err := fn(contactFromNode(n)); err != nil {
			return &callbackError{err}
		}
		return nil
	})
	return next, err
}

// decodeContact reads a single <Contact>; ok is false when the answer carried none.
func decodeContact(r io.Reader, lim Limits) (ct model.Contact, ok bool, err error) {
	n, _, err := decodeOne(r, lim, "Contact")
	if err != nil || n == nil {
		return model.Contact{}, false, err
	}
	return contactFromNode(n), true, nil
}

// decodeStaffList streams <StaffList>.
func decodeStaffList(r io.Reader, lim Limits, fn func(model.Staff) error) error {
	_, _, err := decodeList(r, lim, "StaffList", "Staff", func(n *node) error {
		if err := fn(staffFromNode(n)); err != nil {
			return &callbackError{err}
		}
		return nil
	})
	return err
}

// decodeStaff reads a single <Staff> (WebUrl may be its sibling).
func decodeStaff(r io.Reader, lim Limits) (model.Staff, error) {
	n, _, err := decodeOne(r, lim, "Staff")
	if err != nil {
		return model.Staff{}, err
	}
	if n == nil {
		return model.Staff{}, fmt.Errorf("%w: no <Staff> in the response", ErrMalformed)
	}
	return staffFromNode(n), nil
}

// decodeGroupList streams <Groups>.
func decodeGroupList(r io.Reader, lim Limits, fn func(model.Group) error) error {
	_, _, err := decodeList(r, lim, "Groups", "Group", func(n *node) error {
		if err := fn(groupFromNode(n)); err != nil {
			return &callbackError{err}
		}
		return nil
	})
	return err
}

// decodeGroup reads a single detailed <Group>.
func decodeGroup(r io.Reader, lim Limits) (model.Group, error) {
	n, _, err := decodeOne(r, lim, "Group")
	if err != nil {
		return model.Group{}, err
	}
	if n == nil {
		return model.Group{}, fmt.Errorf("%w: no <Group> in the response", ErrMalformed)
	}
	return groupFromNode(n), nil
}

// decodeRelationship reads a relationship answer in whichever shape it comes (addendum §4);
// ok is false when no element carried one.
func decodeRelationship(r io.Reader, lim Limits) (rel model.Relationship, ok bool, err error) {
	n, _, err := decodeOne(r, lim, "ClientRelationship", "Relationship")
	if err != nil || n == nil {
		return model.Relationship{}, false, err
	}
	return relationshipFromNode(n), true, nil
}

// decodeStatus checks a status-only answer (delete and friends).
func decodeStatus(r io.Reader, lim Limits) error {
	_, err := decodeEnvelope(r, lim, nil)
	return err
}
