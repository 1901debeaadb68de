package redmap

import (
	"context"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/party"
)

// PartyOrgSource draws the active party organisations (党组织): at their
// WGS84 point when one was given, else counted in their community and
// linking to the community's list.
func PartyOrgSource(s *party.Service) RecordSource {
	return RecordSource{Key: LayerPartyOrgs,
		Records: func(ctx context.Context, a access.Actor, unitID int64) ([]Record, error) {
			var out []Record
			for page := 1; ; page++ {
				l, err := s.ListOrgs(ctx, a, party.OrgFilter{Status: party.Active, UnitID: unitID, Page: db.NewPage(page, db.MaxPageSize)})
				if err != nil {
					return nil, err
				}
				for _, o := range l.Items {
					out = append(out, Record{ID: o.ID, Name: o.Name, Kind: string(o.Level), UnitID: o.UnitID, Lng: o.Lng, Lat: o.Lat,
						Href: "/party/organisations/" + strconv.FormatInt(o.ID, 10)})
				}
				if len(l.Items) == 0 || page*l.PageSize >= l.Total {
					return out, nil
				}
			}
		},
		ListHref: func(id int64) string { return "/party/organisations?unit_id=" + strconv.FormatInt(id, 10) }}
}

// PositionSource draws the positions (阵地) at their WGS84 points. The
// stations the party module lists among the positions stay on the
// stations' own layer.
func PositionSource(s *party.Service) RecordSource {
	return RecordSource{Key: LayerPositions,
		Records: func(ctx context.Context, a access.Actor, unitID int64) ([]Record, error) {
			ps, err := s.PositionPoints(ctx, a, unitID, "")
			if err != nil {
				return nil, err
			}
			var out []Record
			for _, p := range ps {
				if p.Kind == party.StationKind {
					continue
				}
				lng, lat := p.Lng, p.Lat
				out = append(out, Record{ID: p.ID, Name: p.Name, Kind: string(p.Kind), UnitID: p.UnitID, Lng: &lng, Lat: &lat,
					Href: "/party/positions?unit_id=" + strconv.FormatInt(p.UnitID, 10)})
			}
			return out, nil
		},
		ListHref: func(id int64) string { return "/party/positions?unit_id=" + strconv.FormatInt(id, 10) }}
}
