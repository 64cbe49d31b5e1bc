package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"xpmsync/core/auth"
	"xpmsync/core/dbconfig"
	"xpmsync/core/model"
	"xpmsync/screens"
)

// settingClientID keeps the Xero app's client ID (not a secret: PKCE apps have none).
const settingClientID = "auth.client_id"

// buildConnection makes the Connection tab from the services.
func (w *Window) buildConnection(svc *Services) *screens.ConnectionTab {
	return screens.NewConnectionTab(connectionService{svc}, w.Win, screens.WithRunner(svc.Opts.UIRunner))
}

// connectionService adapts the auth manager to what the Connection tab shows and does.
type connectionService struct{ s *Services }

func (c connectionService) Status() screens.ConnectionStatus {
	st := c.s.Auth.Status()
	out := screens.ConnectionStatus{Practice: c.s.practiceName(st), Email: st.Email, Since: st.Since,
		AccessValidUntil: st.AccessValidUntil, Why: st.Why, Demo: c.s.Demo()}
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

func (c connectionService) Connect(ctx context.Context, onURL func(string), choose func([]screens.Practice) (screens.Practice, error)) error {
	var chooser func(context.Context, []model.Connection) (model.Connection, error)
	if choose != nil {
		chooser = func(_ context.Context, ts []model.Connection) (model.Connection, error) {
			ps := make([]screens.Practice, len(ts))
			for i, t := range ts {
				ps[i] = screens.Practice{ID: t.TenantID, Name: t.TenantName}
			}
			p, err := choose(ps)
			if err != nil {
				return model.Connection{}, err
			}
			for _, t := range ts {
				if t.TenantID == p.ID {
					return t, nil
				}
			}
			return model.Connection{}, errors.New("the chosen practice is no longer offered by Xero")
		}
	}
	return c.s.ConnectWith(ctx, onURL, chooser)
}

func (c connectionService) Test(ctx context.Context) (screens.TestResult, error) {
	api := c.s.API()
	if api == nil {
		return screens.TestResult{}, auth.ErrNotConnected
	}
	start := time.Now()
	staff, err := api.ListStaff(ctx)
	if err != nil {
		slog.Warn("test connection failed", "err", err)
		return screens.TestResult{}, err
	}
	a := api.Allowance()
	return screens.TestResult{Staff: len(staff), MinuteRemaining: a.MinuteRemaining, DayRemaining: a.DayRemaining, Took: time.Since(start)}, nil
}

func (c connectionService) Disconnect(ctx context.Context, removeLocal bool) error {
	err := c.s.Auth.Disconnect(ctx)
	var remote *auth.RemoteCleanupError
	if err != nil && !errors.As(err, &remote) {
		return fmt.Errorf("could not disconnect: %w", err)
	}
	if removeLocal {
		if cerr := c.s.Store.ClearData(ctx); cerr != nil {
			return fmt.Errorf("disconnected, but the local data could not be removed: %w", cerr)
		}
	}
	if remote != nil {
		return fmt.Errorf("disconnected here, but Xero could not be told (%v): remove XPM Sync under Connected apps in your Xero account settings", remote.Err)
	}
	return nil
}

func (c connectionService) ClientID() string {
	v, _ := c.s.Store.Setting(context.Background(), settingClientID, "")
	return v
}

func (c connectionService) SetClientID(id string) error {
	if err := auth.CheckClientID(id); err != nil {
		return err
	}
	return c.s.Store.SetSetting(context.Background(), settingClientID, strings.TrimSpace(id))
}

func (c connectionService) RedirectURIs() []string { return redirectURIs() }

// redirectURIs are the loopback addresses the Xero app must list.
func redirectURIs() []string {
	out := make([]string, len(auth.DefaultPorts))
	for i, p := range auth.DefaultPorts {
		out[i] = "http://localhost:" + strconv.Itoa(p) + "/callback"
	}
	return out
}

func (c connectionService) Database() string { return savedDatabase(c.s.Opts.DataDir) }

func (c connectionService) SetDatabase(dbURL, password string) error {
	return saveDatabase(c.s.Opts.DataDir, dbURL, password)
}

// savedDatabase is the shared database this seat is pointed at, without its password.
func savedDatabase(dataDir string) string {
	u, _ := dbconfig.Saved(dataDir)
	return u
}

// saveDatabase points the seat at dbURL ("" = its own file), the password to the keychain.
func saveDatabase(dataDir, dbURL, password string) error {
	full, err := dbconfig.WithPassword(dbURL, password)
	if err != nil {
		return err
	}
	if err := dbconfig.Save(dbconfig.OS, dataDir, full); err != nil {
		if plain := dbconfig.Explain(dbURL, err); plain != "" {
			return errors.New(plain)
		}
		return err
	}
	return nil
}

func (c connectionService) CopyToDatabase(ctx context.Context, dbURL, password string) (string, error) {
	if c.s.Store.Postgres() {
		return "", errors.New("this seat already uses a shared database; copy from the computer that holds the practice's own file")
	}
	full, err := dbconfig.WithPassword(dbURL, password)
	if err != nil {
		return "", err
	}
	target, err := dbconfig.Resolve(dbconfig.OS, full, c.s.Opts.DataDir)
	if err != nil {
		return "", errors.New(dbconfig.Explain(dbURL, err))
	}
	rep, err := dbconfig.Migrate(ctx, c.s.Opts.DataDir, target, nil)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Copied %d clients, %d XPM clients and %d queued changes, every table checked. This computer's file is unchanged; press Use this database to switch.",
		rep.Rows("clients"), rep.Rows("xpm_clients"), rep.Rows("outbox")), nil
}
