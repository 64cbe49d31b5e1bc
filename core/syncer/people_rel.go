package syncer

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/view"
)

// SaveRelationship records a relationship between two local clients (a new one when r.ID is
// 0). When both are linked and the policy is To XPM + Everything, it is queued for XPM's
// relationship endpoints in the same transaction. XPM never changes the type or the parties
// of a relationship it has, so those cannot change here once it is in XPM.
func (e *Engine) SaveRelationship(ctx context.Context, r store.LocalRelationship) (int64, error) {
	p, err := LoadPolicy(ctx, e.st)
	if err != nil {
		return 0, err
	}
	r, probs := view.RelationshipProblems(r)
	if len(probs) > 0 {
		return 0, &ProblemsError{What: "relationship", Problems: probs}
	}
	queued := false
	err = e.st.WithTx(ctx, func(tx *sql.Tx) error {
		owner, related, err := e.relPartiesTx(ctx, tx, r)
		if err != nil {
			return err
		}
		r.RelatedName = related.Client.Name
		op, err := e.putRelationshipTx(ctx, tx, &r)
		if err != nil {
			return err
		}
		if !pushesPeople(p, owner) || related.XPMUUID == "" {
			return nil
		}
		queued = true
		b, _ := json.Marshal(relPayload{RelID: r.ID, Name: r.Type + " — " + r.RelatedName})
		if _, err := e.st.EnqueueTx(ctx, tx, store.OutboxItem{ClientID: owner.ID, Op: op, Payload: string(b)}); err != nil {
			return err
		}
		return e.st.AddEventTx(ctx, tx, store.Event{Kind: model.EventPushQueued, Result: "pending", ClientID: owner.ID, XPMUUID: owner.XPMUUID,
			ClientName: owner.Client.Name, Details: "Relationship queued for XPM: " + r.Type + " — " + r.RelatedName})
	})
	if err != nil {
		return 0, fmt.Errorf("save relationship: %w", err)
	}
	if queued {
		e.kick()
	}
	return r.ID, nil
}

func (e *Engine) relPartiesTx(ctx context.Context, tx *sql.Tx, r store.LocalRelationship) (owner, related store.LocalClient, err error) {
	if owner, err = e.st.ClientTx(ctx, tx, r.ClientID); err != nil {
		return owner, related, err
	}
	if r.RelatedClientID == 0 {
		// An imported person or entity that is not one of the practice's clients.
		return owner, store.LocalClient{Client: model.Client{Name: r.RelatedName}}, nil
	}
	related, err = e.st.ClientTx(ctx, tx, r.RelatedClientID)
	return owner, related, err
}

// putRelationshipTx inserts or updates r and says which outbox operation sends it.
func (e *Engine) putRelationshipTx(ctx context.Context, tx *sql.Tx, r *store.LocalRelationship) (string, error) {
	if r.ID == 0 {
		id, err := e.st.InsertRelationshipTx(ctx, tx, *r)
		r.ID = id
		return opAddRel, err
	}
	old, err := e.st.RelationshipTx(ctx, tx, r.ID)
	if err != nil {
		return "", err
	}
	if old.XPMUUID != "" && (old.Type != r.Type || old.RelatedClientID != r.RelatedClientID) {
		return "", fmt.Errorf("XPM cannot change the type or the related client of a relationship it has; remove this one and add a new one")
	}
	r.XPMUUID, r.Email = old.XPMUUID, old.Email
	if err := e.st.UpdateRelationshipTx(ctx, tx, *r); err != nil {
		return "", err
	}
	if r.XPMUUID == "" {
		return opAddRel, nil
	}
	return opUpdateRel, nil
}

// RemoveRelationship removes a local relationship; one XPM has is removed there too when the
// policy sends relationships.
func (e *Engine) RemoveRelationship(ctx context.Context, id int64) error {
	p, err := LoadPolicy(ctx, e.st)
	if err != nil {
		return err
	}
	queued := false
	err = e.st.WithTx(ctx, func(tx *sql.Tx) error {
		r, err := e.st.RelationshipTx(ctx, tx, id)
		if err != nil {
			return err
		}
		owner, err := e.st.ClientTx(ctx, tx, r.ClientID)
		if err != nil {
			return err
		}
		if err := e.st.DeleteRelationshipTx(ctx, tx, id); err != nil {
			return err
		}
		if r.XPMUUID == "" || !pushesPeople(p, owner) {
			return nil
		}
		queued = true
		b, _ := json.Marshal(relPayload{UUID: r.XPMUUID, Name: r.Type + " — " + r.RelatedName})
		if _, err := e.st.EnqueueTx(ctx, tx, store.OutboxItem{ClientID: owner.ID, Op: opDeleteRel, Payload: string(b)}); err != nil {
			return err
		}
		return e.st.AddEventTx(ctx, tx, store.Event{Kind: model.EventPushQueued, Result: "pending", ClientID: owner.ID, XPMUUID: owner.XPMUUID,
			ClientName: owner.Client.Name, Details: "Relationship removal queued for XPM: " + r.Type + " — " + r.RelatedName})
	})
	if err != nil {
		return fmt.Errorf("remove relationship %d: %w", id, err)
	}
	if queued {
		e.kick()
	}
	return nil
}
