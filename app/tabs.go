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

// newLazyTabs makes the window's tabs with only the first tab's content in place (the tab shown
// at start); every other tab holds an empty stand-in until it is first shown (fillTab). The tabs
// measure all their contents to size themselves, so hidden tabs would otherwise make their
// renderers, shape their text and decode their icons before the first frame, for nothing on screen.
func newLazyTabs(contents [tabCount]fyne.CanvasObject) *container.AppTabs {
	shown := contents
	for id := range shown {
		if id != 0 {
			shown[id] = container.NewStack()
		}
	}
	return newTabs(shown)
}

// fillTab puts a tab's own content in place of its stand-in the first time the tab is shown. It
// runs first among the tabs' OnSelected handlers, so the others see the real content.
func (w *Window) fillTab(ti *container.TabItem) {
	for id, item := range w.Tabs.Items {
		if item == ti && w.tabContent[id] != nil && ti.Content != w.tabContent[id] {
			ti.Content = w.tabContent[id]
			w.Tabs.Refresh()
			return
		}
	}
}

// showTab brings a tab forward.
func (w *Window) showTab(t tabID) { w.Tabs.SelectIndex(int(t)) }

// shownTab is the tab in front.
func (w *Window) shownTab() tabID { return tabID(w.Tabs.SelectedIndex()) }
