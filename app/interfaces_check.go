package app

import (
	"xpmsync/core/activity"
	"xpmsync/core/importer"
	"xpmsync/core/linking"
	"xpmsync/core/staff"
	"xpmsync/core/syncer"
	"xpmsync/screens"
)

// Each tab declares the small interfaces it needs; these checks pin, at compile time, that the
// concrete services this package wires into the tabs provide them. They live here, not in
// screens/, so the screens never name the engine or the store.
var (
	_ screens.ClientsBackend = (*linking.Service)(nil)
	// The Contacts and Relationships inner tabs edit only when the backend also offers this.
	_ screens.PeopleBackend = (*linking.Service)(nil)

	_ screens.HealthBackend       = healthBackend{}
	_ screens.SyncSettingsService = (*syncer.Engine)(nil)
	_ screens.SyncSettingsService = settingsService{}
	_ screens.ScheduleService     = settingsService{}
	_ screens.StaffLinker         = (*staff.Service)(nil)
	_ screens.ImportRunner        = (*importer.Importer)(nil)
	_ screens.ImportReviewer      = (*importer.Importer)(nil)
	_ screens.ActivitySource      = (*activity.Log)(nil)
	_ screens.ConnectionService   = connectionService{}
	// The Connection tab shows the shared-database setting only when its service offers it.
	_ screens.DatabaseService = connectionService{}
)
