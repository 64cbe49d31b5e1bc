// Package view is what the screens see of the engine: the read-model rows the store returns
// (the Clients list, a local client, a team member, an import item, an Integration Progress
// event), the sync settings and the plan and result of a sync, the errors a tab tells apart,
// and the checks a form runs as the user types (the same ones the engine runs before saving).
//
// It is its own package, next to core/model, so that screens/ can name these types without
// importing core/store (SQL) or core/syncer (the engine): a tab then depends on small
// interfaces it declares itself, and a test feeds it plain values. It imports core/model and
// the standard library only; core/store and core/syncer keep type aliases of what moved here,
// so the engine's own code reads as before.
package view
