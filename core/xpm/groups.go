package xpm

import (
	"context"
	"fmt"
	"io"
	"net/url"

	"xpmsync/core/model"
)

// ListGroups reads clientgroup.api/list (UUID, Name, Taxable; no members).
func (c *Client) ListGroups(ctx context.Context) ([]model.Group, error) {
	var out []model.Group
	err := c.do(ctx, &call{method: "GET", op: "clientgroup.api/list", idempotent: true, decode: func(r io.Reader) error {
		out = out[:0]
		return decodeGroupList(r, c.limits, func(g model.Group) error { out = append(out, g); return nil })
	}})
	return out, err
}

// GetGroup reads one group with its member clients.
func (c *Client) GetGroup(ctx context.Context, uuid string) (model.Group, error) {
	var out model.Group
	err := c.do(ctx, &call{method: "GET", op: "clientgroup.api/get/" + url.PathEscape(uuid), idempotent: true,
		decode: func(r io.Reader) (err error) { out, err = decodeGroup(r, c.limits); return err }})
	return out, err
}

// AddGroup creates a group. XPM takes one first member with the add (g.Clients[0]); any
// further members are added with a members call.
func (c *Client) AddGroup(ctx context.Context, g model.Group) (model.Group, error) {
	if g.Name == "" {
		return model.Group{}, fmt.Errorf("POST clientgroup.api/add: a group needs a name")
	}
	var w xmlBody
	w.open("Group")
	w.elem("Name", g.Name)
	w.opt("Taxable", g.Taxable)
	if len(g.Clients) > 0 {
		w.elem("ClientUUID", g.Clients[0].UUID)
	}
	w.close("Group")
	var out model.Group
	err := c.do(ctx, &call{method: "POST", op: "clientgroup.api/add", body: w.bytes(),
		decode: func(r io.Reader) (err error) { out, err = decodeGroup(r, c.limits); return err }})
	if err != nil || len(g.Clients) < 2 {
		return out, err
	}
	rest := make([]string, 0, len(g.Clients)-1)
	for _, m := range g.Clients[1:] {
		rest = append(rest, m.UUID)
	}
	return c.UpdateGroupMembers(ctx, out.UUID, rest, nil)
}

// UpdateGroupMembers adds and removes member clients (by UUID) and returns the group after.
func (c *Client) UpdateGroupMembers(ctx context.Context, uuid string, add, remove []string) (model.Group, error) {
	var w xmlBody
	w.open("Group")
	w.elem("UUID", uuid)
	for _, a := range add {
		w.attrElem("add", "uuid", a)
	}
	for _, r := range remove {
		w.attrElem("remove", "uuid", r)
	}
	w.close("Group")
	var out model.Group
	found := false
	err := c.do(ctx, &call{method: "PUT", op: "clientgroup.api/members", body: w.bytes(), idempotent: true,
		decode: func(r io.Reader) error {
			n, _, err := decodeOne(r, c.limits, "Group")
			if n != nil {
				out, found = groupFromNode(n), true
			}
			return err
		}})
	if err == nil && !found {
		// A status-only answer: read the group back so the caller sees the members.
		return c.GetGroup(ctx, uuid)
	}
	return out, err
}

// DeleteGroup deletes a group.
func (c *Client) DeleteGroup(ctx context.Context, uuid string) error {
	return c.do(ctx, &call{method: "POST", op: "clientgroup.api/delete", body: uuidBody("Group", uuid),
		decode: func(r io.Reader) error { return decodeStatus(r, c.limits) }})
}
