package view

import (
	"time"

	"xpmsync/core/model"
)

// Event is one line of the Integration Progress history.
type Event struct {
	ID         int64
	At         time.Time
	RunID      int64
	Kind       model.EventKind
	Result     string
	ClientID   int64
	XPMUUID    string
	ClientName string
	Details    string
}
