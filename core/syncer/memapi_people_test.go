package syncer

import (
	"context"
	"errors"

	"xpmsync/core/model"
)

// The contact and relationship calls of the in-memory XPM, enough for the engine's unit
// tests; the fake XPM (people_test.go) is the faithful one.

func (m *memAPI) GetContact(ctx context.Context, uuid, clientUUID string) (model.Contact, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.fail("getcontact"); err != nil {
		return model.Contact{}, err
	}
	for _, c := range m.clients[clientUUID].Contacts {
		if c.UUID == uuid {
			return c, nil
		}
	}
	return model.Contact{}, errors.New("contact not found")
}

func (m *memAPI) AddContact(ctx context.Context, clientUUID string, ct model.Contact) (model.Contact, error) {
	return model.Contact{}, errors.New("memAPI: AddContact not supported")
}

func (m *memAPI) DeleteContact(ctx context.Context, uuid, clientUUID string) error {
	return errors.New("memAPI: DeleteContact not supported")
}

func (m *memAPI) AddRelationship(ctx context.Context, clientUUID string, r model.Relationship) (model.Relationship, error) {
	return model.Relationship{}, errors.New("memAPI: AddRelationship not supported")
}

func (m *memAPI) UpdateRelationship(ctx context.Context, r model.Relationship) (model.Relationship, error) {
	return model.Relationship{}, errors.New("memAPI: UpdateRelationship not supported")
}

func (m *memAPI) DeleteRelationship(ctx context.Context, uuid string) error {
	return errors.New("memAPI: DeleteRelationship not supported")
}
