package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// tabID names a tab of the window. The window builds its tabs in this order (newTabs), so code
// that opens a tab names it, never counts to it or searches the titles.
type tabID int

const (
	tabConnection tabID = iota
	tabSettings
	tabClients
	tabStaff
	tabProgress
	tabCount
)

// tabLooks are the tabs' titles (also the View menu's items) and icons, in tabID order.
var tabLooks = [tabCount]struct {
	title string
	icon  func() fyne.Resource
}{
	tabConnection: {"Connection", theme.LoginIcon},
	tabSettings:   {"Sync Settings", theme.SettingsIcon},
	tabClients:    {"Clients", theme.AccountIcon},
	tabStaff:      {"Staff Linking", theme.ContentCopyIcon},
	tabProgress:   {"Integration Progress", theme.HistoryIcon},
}

func (t tabID) title() string { return tabLooks[t].title }

// newTabs makes the window's tabs from their contents, one per tabID in order.
func newTabs(contents [tabCount]fyne.CanvasObject) *container.AppTabs {
	items := make([]*container.TabItem, tabCount)
	for id, c := range contents {
		items[id] = container.NewTabItemWithIcon(tabLooks[id].title, tabLooks[id].icon(), c)
	}
	return container.NewAppTabs(items...)
}

// showTab brings a tab forward.
func (w *Window) showTab(t tabID) { w.Tabs.SelectIndex(int(t)) }

// shownTab is the tab in front.
func (w *Window) shownTab() tabID { return tabID(w.Tabs.SelectedIndex()) }
