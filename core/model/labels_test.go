package model

import "testing"

func TestFieldLabelsUseBookkeepersWords(t *testing.T) {
	if got := FieldLabel("AccountManagerUUID"); got != "Partner" {
		t.Fatalf("AccountManagerUUID = %q", got)
	}
	if got := FieldLabel("JobManager"); got != "Manager" {
		t.Fatalf("JobManager = %q", got)
	}
	got := FieldLabels([]string{"WebSite", "JobManagerUUID", "Name", "PostalAddress", "Mystery"})
	if got != "Name, Postal address, Website, Manager, Mystery" {
		t.Fatalf("labels = %q", got)
	}
}
