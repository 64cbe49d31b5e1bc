package linking

import (
	"context"
	"strconv"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// historyOf reads a client's history with people's names in it.
func (s *Service) historyOf(ctx context.Context, id int64, staff Staff) ([]store.FieldChange, error) {
	hs, err := s.st.History(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.historyInWords(ctx, hs, staff)
}

// historyInWords puts people's names in Partner and Manager changes. A change made here records
// the team member's number and one from XPM the staff member's ID; neither means anything to
// the person reading the History tab.
func (s *Service) historyInWords(ctx context.Context, hs []store.FieldChange, staff Staff) ([]store.FieldChange, error) {
	members, err := s.st.TeamMembers(ctx)
	if err != nil {
		return hs, err
	}
	local := map[int64]string{}
	for _, m := range members {
		local[m.ID] = m.Name
	}
	out := make([]store.FieldChange, len(hs))
	for i, h := range hs {
		out[i] = h
		if f, ok := model.FieldByKey(h.Field); ok && f.Class == model.ClassStaffRole {
			out[i].Old = personName(h.Old, local, staff.Names)
			out[i].New = personName(h.New, local, staff.Names)
		}
	}
	return out, nil
}

// personName words a stored Partner/Manager value: a team member's number or an XPM staff ID.
func personName(v string, local map[int64]string, xpm map[string]string) string {
	if v == "" || v == "0" {
		return "nobody"
	}
	if id, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n := local[id]; n != "" {
			return n
		}
		return "a team member since removed"
	}
	if n := xpm[v]; n != "" {
		return n
	}
	return "an XPM staff member no longer listed"
}
