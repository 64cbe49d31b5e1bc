package app

import (
	"context"

	"xpmsync/core/model"
	"xpmsync/core/syncer"
)

// The contact and relationship calls the engine sends edits made here with.

var _ syncer.PeopleAPI = liveAPI{}

func (l liveAPI) AddContact(ctx context.Context, clientUUID string, ct model.Contact) (model.Contact, error) {
	c, err := l.client()
	if err != nil {
		return model.Contact{}, err
	}
	return c.AddContact(ctx, clientUUID, ct)
}

func (l liveAPI) GetContact(ctx context.Context, uuid, clientUUID string) (model.Contact, error) {
	c, err := l.client()
	if err != nil {
		return model.Contact{}, err
	}
	return c.GetContact(ctx, uuid, clientUUID)
}

func (l liveAPI) DeleteContact(ctx context.Context, uuid, clientUUID string) error {
	c, err := l.client()
	if err != nil {
		return err
	}
	return c.DeleteContact(ctx, uuid, clientUUID)
}

func (l liveAPI) AddRelationship(ctx context.Context, clientUUID string, r model.Relationship) (model.Relationship, error) {
	c, err := l.client()
	if err != nil {
		return model.Relationship{}, err
	}
	return c.AddRelationship(ctx, clientUUID, r)
}

func (l liveAPI) UpdateRelationship(ctx context.Context, r model.Relationship) (model.Relationship, error) {
	c, err := l.client()
	if err != nil {
		return model.Relationship{}, err
	}
	return c.UpdateRelationship(ctx, r)
}

func (l liveAPI) DeleteRelationship(ctx context.Context, uuid string) error {
	c, err := l.client()
	if err != nil {
		return err
	}
	return c.DeleteRelationship(ctx, uuid)
}
