package syncer

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/xpm"
)

func relModel(r store.LocalRelationship, relatedUUID string) model.Relationship {
	return model.Relationship{UUID: r.XPMUUID, Type: r.Type, RelatedClient: model.Ref{UUID: relatedUUID, Name: r.RelatedName},
		NumberOfShares: r.NumberOfShares, Percentage: r.Percentage, StartDate: r.StartDate, EndDate: r.EndDate}
}

// queuedRel reads the local relationship a queued change is about (ok = false: removed here
// since, and the item has been dropped).
func (e *Engine) queuedRel(ctx context.Context, it store.OutboxItem, lc store.LocalClient) (store.LocalRelationship, relPayload, bool, error) {
	var p relPayload
	if err := json.Unmarshal([]byte(it.Payload), &p); err != nil {
		return store.LocalRelationship{}, p, false, e.settleItem(ctx, it, lc, fmt.Errorf("unreadable queued change: %w", err), true)
	}
	r, err := e.st.RelationshipTx(ctx, e.st.DB(), p.RelID)
	if errors.Is(err, store.ErrNotFound) {
		return r, p, false, e.dropItem(ctx, it, lc, "Relationship "+p.Name+" was removed here before it reached XPM; not sent")
	}
	return r, p, err == nil, err
}

func (e *Engine) sendAddRel(ctx context.Context, it store.OutboxItem, lc store.LocalClient, retry bool) error {
	r, p, ok, err := e.queuedRel(ctx, it, lc)
	if !ok {
		return err
	}
	if r.XPMUUID != "" {
		return e.dropItem(ctx, it, lc, "Relationship "+p.Name+" is already in XPM; not sent again")
	}
	related, err := e.st.Client(ctx, r.RelatedClientID)
	if err != nil || related.XPMUUID == "" {
		return e.dropItem(ctx, it, lc, "Relationship "+p.Name+" stays here only: "+related.Client.Name+" is not linked to XPM")
	}
	api, err := e.api.people()
	if err != nil {
		return e.refused(ctx, it, lc, err)
	}
	want := relModel(r, related.XPMUUID)
	if retry {
		found, err := e.findUnclaimedRel(ctx, lc.XPMUUID, want)
		if err != nil {
			return e.settleItem(ctx, it, lc, err, false)
		}
		if found.UUID != "" {
			return e.ackRel(ctx, it, lc, r.ID, found, "Relationship "+p.Name+" found in XPM after an interrupted send; not sent again")
		}
	}
	got, err := api.AddRelationship(ctx, lc.XPMUUID, want)
	if err != nil {
		return e.refused(ctx, it, lc, err)
	}
	return e.ackRel(ctx, it, lc, r.ID, got, "Relationship "+p.Name+" added in XPM")
}

// findUnclaimedRel looks on the XPM client for a relationship an interrupted add may have made:
// the same type and related client, held by no relationship here.
func (e *Engine) findUnclaimedRel(ctx context.Context, clientUUID string, want model.Relationship) (model.Relationship, error) {
	x, err := e.api.GetClient(ctx, clientUUID)
	if err != nil {
		return model.Relationship{}, fmt.Errorf("look for the relationship in XPM before sending it again: %w", err)
	}
	for _, got := range x.Relationships {
		if got.Type != want.Type || got.RelatedClient.UUID != want.RelatedClient.UUID {
			continue
		}
		held, err := e.st.UUIDHeld(ctx, store.HeldRelationship, got.UUID)
		if err != nil {
			return model.Relationship{}, err
		}
		if !held {
			return got, nil
		}
	}
	return model.Relationship{}, nil
}

// ackRel records that XPM holds the relationship: the local one keeps its XPM UUID (so an
// import never offers it as new) and the mirror lists it.
func (e *Engine) ackRel(ctx context.Context, it store.OutboxItem, lc store.LocalClient, relID int64, got model.Relationship, details string) error {
	return e.ackPeople(ctx, it, lc, details, func(tx *sql.Tx, _ *store.LocalClient) error {
		r, err := e.st.RelationshipTx(ctx, tx, relID)
		if err != nil {
			return err
		}
		r.XPMUUID = got.UUID
		return e.st.UpdateRelationshipTx(ctx, tx, r)
	}, func(x *model.Client, _ map[string]string) {
		x.Relationships = slices.DeleteFunc(x.Relationships, func(m model.Relationship) bool { return m.UUID == got.UUID })
		x.Relationships = append(x.Relationships, got)
	})
}

func (e *Engine) sendUpdateRel(ctx context.Context, it store.OutboxItem, lc store.LocalClient, retry bool) error {
	r, p, ok, err := e.queuedRel(ctx, it, lc)
	if !ok {
		return err
	}
	if r.XPMUUID == "" {
		return e.dropItem(ctx, it, lc, "Relationship "+p.Name+" goes to XPM with its addition")
	}
	api, err := e.api.people()
	if err != nil {
		return e.refused(ctx, it, lc, err)
	}
	want := relModel(r, "")
	if retry {
		x, err := e.api.GetClient(ctx, lc.XPMUUID)
		if err != nil {
			return e.settleItem(ctx, it, lc, err, false)
		}
		if i := slices.IndexFunc(x.Relationships, func(m model.Relationship) bool { return m.UUID == r.XPMUUID && sameRelValues(m, want) }); i >= 0 {
			return e.ackRel(ctx, it, lc, r.ID, x.Relationships[i], "Relationship "+p.Name+": XPM already has it; not sent again")
		}
	}
	got, err := api.UpdateRelationship(ctx, want)
	if err != nil {
		return e.refused(ctx, it, lc, err)
	}
	if got.Type == "" {
		got.Type, got.RelatedClient = r.Type, model.Ref{Name: r.RelatedName}
	}
	return e.ackRel(ctx, it, lc, r.ID, got, "Relationship "+p.Name+" changed in XPM")
}

func sameRelValues(a, b model.Relationship) bool {
	return a.NumberOfShares == b.NumberOfShares && a.Percentage == b.Percentage && a.StartDate == b.StartDate && a.EndDate == b.EndDate
}

func (e *Engine) sendDeleteRel(ctx context.Context, it store.OutboxItem, lc store.LocalClient, retry bool) error {
	var p relPayload
	if err := json.Unmarshal([]byte(it.Payload), &p); err != nil {
		return e.settleItem(ctx, it, lc, fmt.Errorf("unreadable queued change: %w", err), true)
	}
	api, err := e.api.people()
	if err != nil {
		return e.refused(ctx, it, lc, err)
	}
	gone := false
	if retry {
		x, err := e.api.GetClient(ctx, lc.XPMUUID)
		if err != nil {
			return e.settleItem(ctx, it, lc, err, false)
		}
		gone = !slices.ContainsFunc(x.Relationships, func(m model.Relationship) bool { return m.UUID == p.UUID })
	}
	if !gone {
		if err := api.DeleteRelationship(ctx, p.UUID); err != nil && !errors.Is(err, xpm.ErrNotFound) {
			return e.refused(ctx, it, lc, err)
		}
	}
	return e.ackPeople(ctx, it, lc, "Relationship "+p.Name+" removed in XPM", nil, func(x *model.Client, _ map[string]string) {
		x.Relationships = slices.DeleteFunc(x.Relationships, func(m model.Relationship) bool { return m.UUID == p.UUID })
	})
}
