package screens

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/problem"
	"xpmsync/core/view"
	"xpmsync/core/words"
)

// SyncSettingsService is what the Sync Settings tab needs: the saved policy, the manual
// resyncs with their 5-minute throttle, the preview and the sync summary (the engine, wrapped by
// the app; app/interfaces_check.go pins that it fits).
type SyncSettingsService interface {
	Policy(ctx context.Context) (view.Policy, error)
	SavePolicy(ctx context.Context, p view.Policy) error
	// Resync runs a manual sync of kind (it returns view.ErrThrottled within 5 minutes).
	Resync(ctx context.Context, kind view.Kind) (view.Result, error)
	ManualResyncAvailableAt(kind view.Kind) time.Time
	Preview(ctx context.Context) (view.Plan, error)
	WriteSummary(ctx context.Context, w io.Writer) error
}

// Words of the choices, as the radio groups show them.
var (
	directionChoices = []string{view.FromXPM.String(), view.ToXPM.String()}
	levelChoices     = []string{view.Everything.String(), view.NameOnly.String(), view.Nothing.String()}
)

// SyncSettingsTab is where the practice chooses the source of truth and what to sync, and
// resyncs by hand (seed 000's direction and level, seed 002's Resync now / Resync all).
type SyncSettingsTab struct {
	bg Runner // its background work (WithRunner)

	svc SyncSettingsService
	win fyne.Window
	now func() time.Time

	Direction     *widget.RadioGroup
	DirectionHelp *widget.Label
	Level         *widget.RadioGroup
	LevelHelp     *widget.Label
	ImportAll     *widget.Check
	CountryCode   *widget.Entry
	SaveCountry   *widget.Button
	Preview       *widget.Button
	ResyncNow     *widget.Button
	ResyncAll     *widget.Button
	NowWait       *widget.Label // "available again in 3:12"
	AllWait       *widget.Label
	Summary       *widget.Button
	Status        *widget.Label  // what the last action did, or why it failed
	Interval      *widget.Select // Schedule card (AttachSchedule)
	Nightly       *widget.Select
	Background    *widget.Check
	Notify        *widget.Check

	policy   view.Policy
	loading  bool // setting widgets from the saved policy: no save, no dialog
	ticking  bool
	lastPlan view.Plan
	body     *fyne.Container // the cards, so optional ones (the schedule) can join them
	content  fyne.CanvasObject
}

// NewSyncSettings builds the tab over svc; win parents its dialogs.
func NewSyncSettings(svc SyncSettingsService, win fyne.Window, opts ...Option) *SyncSettingsTab {
	t := &SyncSettingsTab{bg: runnerOf(opts), svc: svc, win: win, now: time.Now}
	t.Direction = widget.NewRadioGroup(directionChoices, t.onDirection)
	t.Direction.Horizontal = true
	t.DirectionHelp = wrapped("")
	t.Level = widget.NewRadioGroup(levelChoices, t.onLevel)
	t.Level.Horizontal = true
	t.LevelHelp = wrapped("")
	t.ImportAll = widget.NewCheck("Import every XPM client as a client here", t.onImportAll)
	t.CountryCode = widget.NewEntry()
	t.CountryCode.SetPlaceHolder("61")
	t.CountryCode.OnSubmitted = func(string) { t.onSaveCountry() }
	t.SaveCountry = widget.NewButton("Save", t.onSaveCountry)
	t.Preview = widget.NewButtonWithIcon("Preview changes", theme.VisibilityIcon(), t.onPreview)
	t.ResyncNow = widget.NewButtonWithIcon("Resync now", theme.ViewRefreshIcon(), func() { t.onResync(view.Delta) })
	t.ResyncAll = widget.NewButtonWithIcon("Resync all", theme.MediaReplayIcon(), func() { t.onResync(view.Full) })
	t.NowWait, t.AllWait = widget.NewLabel(""), widget.NewLabel("")
	t.NowWait.Importance, t.AllWait.Importance = widget.LowImportance, widget.LowImportance
	t.Summary = widget.NewButtonWithIcon("Download sync summary", theme.DownloadIcon(), t.onSummary)
	t.Status = wrapped("")

	direction := widget.NewCard("Source of truth", "Which system wins when a linked client changes.",
		container.NewVBox(t.Direction, t.DirectionHelp))
	level := widget.NewCard("What to sync", "How much of a linked client keeps updating after it is linked.",
		container.NewVBox(t.Level, t.LevelHelp))
	clients := widget.NewCard("New XPM clients", "",
		container.NewVBox(t.ImportAll, wrapped("Off (recommended): new XPM clients are listed in the Clients tab to pick, so nothing is duplicated. "+
			"Clients can be created on either side whatever the settings.")))
	contacts := widget.NewCard("Contacts", "",
		container.NewVBox(container.NewHBox(widget.NewLabel("Default country code for mobile numbers: +"),
			container.NewGridWrap(fyne.NewSize(80, t.CountryCode.MinSize().Height), t.CountryCode), t.SaveCountry),
			wrapped("Local mobile numbers such as 0411 111 111 take this code. A contact needs a name, a valid email and a valid mobile "+
				"number (or none) to be imported; the sync summary lists the ones that were not.")))
	// Each button sits over its own line of words, so the countdowns never stretch a button.
	actions := container.NewHBox(container.NewVBox(t.Preview), container.NewVBox(t.ResyncNow, t.NowWait),
		container.NewVBox(t.ResyncAll, t.AllWait), container.NewVBox(t.Summary))
	body := container.NewVBox(direction, level, clients, contacts, widget.NewSeparator(),
		wrapped("Resync now fetches what changed in XPM since the last sync; Resync all fetches every client and notices clients removed "+
			"from XPM. Each can be pressed once every 5 minutes."),
		actions, t.Status)
	t.body = body
	t.content = container.NewVScroll(container.NewPadded(body))
	t.Reload()
	return t
}

func wrapped(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// Content is the tab's root object.
func (t *SyncSettingsTab) Content() fyne.CanvasObject { return t.content }

// SetClock replaces the clock used for the "available again" countdowns (tests).
func (t *SyncSettingsTab) SetClock(now func() time.Time) { t.now = now }

// Reload shows the saved settings.
func (t *SyncSettingsTab) Reload() {
	background(t.bg, func() (view.Policy, error) { return t.svc.Policy(context.Background()) }, func(p view.Policy, err error) {
		if err != nil {
			t.Status.SetText("Could not read the sync settings: " + err.Error())
			return
		}
		t.show(p)
	})
}

func (t *SyncSettingsTab) show(p view.Policy) {
	t.loading = true
	defer func() { t.loading = false }()
	t.policy = p
	t.Direction.SetSelected(p.Direction.String())
	t.Level.SetSelected(p.Level.String())
	t.ImportAll.SetChecked(p.ImportAll)
	t.CountryCode.SetText(p.DefaultCountryCode)
	t.describe()
	t.UpdateButtons()
}

// describe writes what the chosen direction and level mean.
func (t *SyncSettingsTab) describe() {
	p := t.policy
	if p.Direction == view.ToXPM {
		t.DirectionHelp.SetText("Make changes here; they are sent to XPM at once. " + p.Direction.Overwrites())
	} else {
		t.DirectionHelp.SetText("Make changes in XPM; they arrive here at the next sync. " + p.Direction.Overwrites())
	}
	synced, fromXPM := view.FieldsCovered(p.Level)
	var b strings.Builder
	switch p.Level {
	case view.Nothing:
		b.WriteString("Linked clients stop updating once created. XPM clients can still be picked to create clients here.")
	default:
		b.WriteString("Synced: " + strings.Join(synced, ", ") + ".")
		if len(fromXPM) > 0 {
			b.WriteString("\nAlways from XPM, whatever the direction: " + strings.Join(fromXPM, ", ") + ", and client groups.")
		}
		b.WriteString("\nPartner and Manager sync both ways when the team member is linked to XPM staff.")
	}
	t.LevelHelp.SetText(b.String())
}

func (t *SyncSettingsTab) onDirection(choice string) {
	if t.loading || choice == "" {
		return
	}
	want := view.FromXPM
	if choice == view.ToXPM.String() {
		want = view.ToXPM
	}
	if want == t.policy.Direction {
		return
	}
	msg := want.Overwrites() + "\n\nClients already linked follow the new direction from the next sync."
	confirm := func(ok bool) {
		if !ok {
			t.loading = true
			t.Direction.SetSelected(t.policy.Direction.String())
			t.loading = false
			return
		}
		p := t.policy
		p.Direction = want
		t.save(p, "Source of truth is now "+want.String()+".")
	}
	if t.win == nil {
		confirm(true)
		return
	}
	// The directions are names ("To XPM"), so they are quoted: "Change to To XPM" misreads.
	d := dialog.NewConfirm("Sync direction: “"+want.String()+"”?", msg, confirm, t.win)
	d.SetConfirmText("Use “" + want.String() + "”")
	d.SetDismissText("Keep “" + t.policy.Direction.String() + "”")
	d.Show()
}

func (t *SyncSettingsTab) onLevel(choice string) {
	if t.loading || choice == "" {
		return
	}
	p := t.policy
	for i, c := range levelChoices {
		if c == choice {
			p.Level = view.Level(i)
		}
	}
	if p.Level == t.policy.Level {
		return
	}
	t.save(p, "Now syncing: "+p.Level.String()+".")
}

func (t *SyncSettingsTab) onImportAll(on bool) {
	if t.loading || on == t.policy.ImportAll {
		return
	}
	p := t.policy
	p.ImportAll = on
	msg := "New XPM clients will be listed to pick."
	if on {
		msg = "Every XPM client will be created here at the next sync."
	}
	t.save(p, msg)
}

func (t *SyncSettingsTab) onSaveCountry() {
	p := t.policy
	p.DefaultCountryCode = strings.TrimPrefix(strings.TrimSpace(t.CountryCode.Text), "+")
	if p.DefaultCountryCode == t.policy.DefaultCountryCode {
		return
	}
	t.save(p, "Local mobile numbers will take +"+p.DefaultCountryCode+".")
}

// save stores p; the engine reads it at the start of every sync, so no restart is needed.
func (t *SyncSettingsTab) save(p view.Policy, done string) {
	background(t.bg, func() (struct{}, error) { return struct{}{}, t.svc.SavePolicy(context.Background(), p) }, func(_ struct{}, err error) {
		if err != nil {
			t.Status.SetText("Not saved: " + err.Error())
			t.show(t.policy) // back to what is saved
			return
		}
		t.policy = p
		t.describe()
		t.Status.SetText("Saved. " + done)
	})
}

// UpdateButtons enables each resync button or shows when it is available again.
func (t *SyncSettingsTab) UpdateButtons() {
	waiting := false
	for _, b := range []struct {
		kind   view.Kind
		button *widget.Button
		label  *widget.Label
	}{{view.Delta, t.ResyncNow, t.NowWait}, {view.Full, t.ResyncAll, t.AllWait}} {
		left := t.svc.ManualResyncAvailableAt(b.kind).Sub(t.now())
		if left > 0 {
			b.button.Disable()
			b.label.SetText("available again in " + mmss(left))
			waiting = true
		} else {
			b.button.Enable()
			b.label.SetText("")
		}
	}
	if waiting && !t.ticking && !t.bg.Waits() {
		t.ticking = true
		t.bg.After(time.Second, func() {
			t.ticking = false
			t.UpdateButtons()
		})
	}
}

// mmss writes a wait as m:ss, rounding up so "0:00" never shows on a disabled button.
func mmss(d time.Duration) string {
	s := int((d + time.Second - 1) / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func (t *SyncSettingsTab) onResync(kind view.Kind) {
	name := map[view.Kind]string{view.Delta: "Resync now", view.Full: "Resync all"}[kind]
	t.ResyncNow.Disable()
	t.ResyncAll.Disable()
	t.Status.SetText(name + " is running…")
	background(t.bg, func() (view.Result, error) { return t.svc.Resync(context.Background(), kind) }, func(r view.Result, err error) {
		t.UpdateButtons()
		if err != nil {
			t.Status.SetText(name + " did not finish: " + problem.Words(err))
			return
		}
		// The same words as the history and the status bar: only what happened.
		t.Status.SetText(fmt.Sprintf("%s finished: %s checked; %s.", name, words.Count(r.Clients, "client"),
			words.Changes(words.Run{Created: r.Created, Updated: r.Updated, Pushed: r.Pushed, Conflicts: r.Conflicts,
				Flagged: r.Flagged, Invalid: r.Invalid})))
	})
}

func (t *SyncSettingsTab) onPreview() {
	t.Preview.Disable()
	t.Status.SetText("Working out what the next sync would do…")
	background(t.bg, func() (view.Plan, error) { return t.svc.Preview(context.Background()) }, func(p view.Plan, err error) {
		t.Preview.Enable()
		if err != nil {
			t.Status.SetText("Could not preview: " + problem.Words(err))
			return
		}
		t.lastPlan = p
		t.Status.SetText("")
		if t.win == nil {
			return
		}
		text := widget.NewLabel(PlanText(p))
		text.Wrapping = fyne.TextWrapWord
		scroll := container.NewVScroll(text)
		scroll.SetMinSize(fyne.NewSize(640, 380))
		dialog.ShowCustom("What the next sync would do", "Close", scroll, t.win)
	})
}

// LastPlan is the plan the last preview showed.
func (t *SyncSettingsTab) LastPlan() view.Plan { return t.lastPlan }

// emptyPlanText is the preview when nothing changed since the last sync.
const emptyPlanText = "Nothing changed since the last sync, so the next sync has nothing to carry: it only carries changes. " +
	"Clients whose fields still differ from XPM (a client linked by hand, say) are not settled by it: Resync all (and the nightly " +
	"full sync, when it is on) settles them by the source of truth. To settle them one by one first, choose Clients, filter \"Has differences\", " +
	"and use Sync differences on each."

// PlanText writes a preview in plain lines, grouped by what would happen.
func PlanText(p view.Plan) string {
	if p.Empty() {
		// An empty plan does not mean the two sides agree: a sync only carries changes, so a
		// client whose fields differ without a new change on either side is not in it.
		return emptyPlanText
	}
	var b strings.Builder
	if p.Kind == view.Full {
		b.WriteString("No sync has completed yet, so the next one fetches every client.\n")
	} else {
		fmt.Fprintf(&b, "Clients changed in XPM since %s: %s.\n", p.Since.Local().Format("2 Jan 15:04"), words.Thousands(p.Fetched))
	}
	if len(p.NewInXPM) > 0 {
		fmt.Fprintf(&b, "\nNew in XPM (%d): %s\n", len(p.NewInXPM), listSome(p.NewInXPM, 10))
	}
	if len(p.Created) > 0 {
		fmt.Fprintf(&b, "\nWould be created here (%d):\n", len(p.Created))
		for i, it := range p.Created {
			if i == 20 {
				fmt.Fprintf(&b, "  … and %d more\n", len(p.Created)-i)
				break
			}
			fmt.Fprintf(&b, "  %s — %s\n", it.Client, it.Note)
		}
	}
	if len(p.Changes) > 0 {
		fmt.Fprintf(&b, "\nChanges to linked clients (%d):\n", len(p.Changes))
		for i, it := range p.Changes {
			if i == 50 {
				fmt.Fprintf(&b, "  … and %d more\n", len(p.Changes)-i)
				break
			}
			fmt.Fprintf(&b, "  %s — %s: %s → %s (%s)\n", it.Client, it.Field, quoteEmpty(oldValue(it)), quoteEmpty(it.Result), planOutcome(it.Outcome))
		}
	}
	if len(p.Flags) > 0 {
		fmt.Fprintf(&b, "\nFlagged for review (%d):\n", len(p.Flags))
		for _, it := range p.Flags {
			fmt.Fprintf(&b, "  %s — %s\n", it.Client, it.Note)
		}
	}
	if p.Invalid > 0 {
		fmt.Fprintf(&b, "\n%d records would not be imported (see Download sync summary afterwards).\n", p.Invalid)
	}
	if p.OutboxDue > 0 {
		fmt.Fprintf(&b, "\n%d changes are waiting to be sent to XPM.\n", p.OutboxDue)
	}
	return strings.TrimSpace(b.String())
}

// oldValue is the value a change replaces: the local one when XPM's is taken, XPM's otherwise.
func oldValue(it view.PlanItem) string {
	if it.Result == it.XPM {
		return it.Local
	}
	return it.XPM
}

func planOutcome(o view.Outcome) string {
	switch o {
	case view.TookXPM:
		return "from XPM"
	case view.PushedLocal:
		return "sent to XPM"
	case view.DirectionWins:
		return "changed on both sides: the source of truth wins, the other value is kept in history"
	}
	return o.String()
}

func quoteEmpty(s string) string {
	if s == "" {
		return "(empty)"
	}
	return s
}

func listSome(xs []string, n int) string {
	if len(xs) <= n {
		return strings.Join(xs, ", ")
	}
	return strings.Join(xs[:n], ", ") + fmt.Sprintf(" and %d more", len(xs)-n)
}

func (t *SyncSettingsTab) onSummary() {
	if t.win == nil {
		return
	}
	askSaveFile(t.win, "xpm-sync-summary-"+t.now().Format("2006-01-02")+".csv", t.SaveSummaryTo)
}

// SaveSummaryTo writes the sync summary CSV to w (closing it) and says where it went.
func (t *SyncSettingsTab) SaveSummaryTo(w io.WriteCloser, name string) {
	background(t.bg, func() (struct{}, error) {
		err := t.svc.WriteSummary(context.Background(), w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		return struct{}{}, err
	}, func(_ struct{}, err error) {
		if err != nil {
			t.Status.SetText("The sync summary was not saved: " + err.Error())
			return
		}
		t.Status.SetText("Sync summary saved to " + name + ".")
	})
}
