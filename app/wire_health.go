package app

import (
	"context"
	"os/user"
	"strings"

	"xpmsync/core/health"
	"xpmsync/core/linking"
	"xpmsync/core/store"
	"xpmsync/screens"
)

// healthBackend serves the Data health view: the checks from the health service, each client's
// details from the same linking service the Clients tab reads.
type healthBackend struct {
	*health.Service
	details *linking.Service
}

func (b healthBackend) DetailOf(ctx context.Context, key store.RowKey) (linking.Detail, error) {
	return b.details.DetailOf(ctx, key)
}

// attachHealth adds the Data health view to the Clients tab.
func (w *Window) attachHealth(svc *Services, t *screens.ClientsTab, details *linking.Service) {
	v := screens.NewHealthView(healthBackend{svc.Health, details}, whoAmI(), screens.WithRunner(svc.Opts.UIRunner))
	v.SetWindow(w.Win)
	t.AttachHealth(v)
}

// whoAmI names the person using this computer, for "Not a problem" records.
func whoAmI() string {
	u, err := user.Current()
	if err != nil {
		return "this computer's user"
	}
	if name := strings.TrimSpace(strings.Split(u.Name, ",")[0]); name != "" {
		return name
	}
	return u.Username
}
