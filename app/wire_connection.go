package app

import (
	"context"

	"xpmsync/core/auth"
	"xpmsync/screens"
)

// buildConnection makes the Connection tab from the services.
func (w *Window) buildConnection(svc *Services) *screens.ConnectionTab {
	return screens.NewConnectionTab(connectionService{svc})
}

// connectionService adapts the auth manager to what the Connection tab shows.
type connectionService struct{ s *Services }

func (c connectionService) Status() screens.ConnectionStatus {
	st := c.s.Auth.Status()
	out := screens.ConnectionStatus{Practice: c.s.practiceName(st), Email: st.Email, Since: st.Since, Why: st.Why, Demo: c.s.Demo()}
	switch st.State {
	case auth.Connected:
		out.State = screens.Connected
	case auth.Waiting:
		out.State = screens.Waiting
	case auth.NeedsReconnect:
		out.State = screens.NeedsReconnect
	default:
		out.State = screens.NotConnected
		out.Why = st.Problem
	}
	return out
}

func (c connectionService) Connect(ctx context.Context) error { return c.s.Connect(ctx) }
