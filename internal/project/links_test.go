package project_test

import (
	"testing"

	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/project"
)

// TestCampaignLink: a project names a campaign its creator takes part in;
// an unknown campaign, or one of another sub-district, is refused naming
// campaign_id with nothing written, and the campaign's project list holds
// the project for those who see it.
func TestCampaignLink(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		camp := func(unit int64) int64 {
			var id int64
			if err := e.DB.W.QueryRowContext(e.Ctx, `INSERT INTO campaigns (name, year, goals, unit_id, created_at, updated_at)
				VALUES ('能力作风提升年', 2022, '', $1, 0, 0) RETURNING id`, unit).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		ours, theirs := camp(e.S.ID), camp(e.T.ID)
		for name, id := range map[string]int64{"unknown": ours + theirs + 100, "another sub-district's": theirs} {
			in := e.input()
			in.CampaignID = &id
			before := e.count("projects")
			_, err := e.svc.Create(e.Ctx, e.leader, in)
			if ee := errs.As(err); ee == nil || ee.Fields["campaign_id"] == "" {
				t.Errorf("%s campaign: %v", name, err)
			}
			if e.count("projects") != before {
				t.Errorf("%s campaign: a project was written", name)
			}
		}
		in := e.input()
		in.CampaignID = &ours
		p := e.create(in)
		if p.CampaignID != ours {
			t.Fatalf("campaign %d, want %d", p.CampaignID, ours)
		}
		l, err := e.svc.LinksOf(e.Ctx, e.leader, p)
		if err != nil || l.Campaign == nil || l.Campaign.ID != ours {
			t.Errorf("links: %+v %v", l, err)
		}
		got, err := e.svc.ForCampaign(e.Ctx, e.comm1, ours)
		if err != nil || len(got) != 1 || got[0].ID != p.ID {
			t.Errorf("the community's projects of the campaign: %+v %v", got, err)
		}
		if got, _ := e.svc.ForCampaign(e.Ctx, e.leader9, ours); len(got) != 0 {
			t.Errorf("another sub-district sees the campaign's projects: %+v", got)
		}
		// Unchanged, the campaign stays; cleared, it is gone.
		if p, err = e.svc.Update(e.Ctx, e.comm1, p.ID, project.Input{Goals: ptr("年内完成")}); err != nil || p.CampaignID != ours {
			t.Errorf("update keeps the campaign: %d %v", p.CampaignID, err)
		}
		if p, err = e.svc.Update(e.Ctx, e.leader, p.ID, project.Input{CampaignID: ptr(int64(0))}); err != nil || p.CampaignID != 0 {
			t.Errorf("clear the campaign: %d %v", p.CampaignID, err)
		}
	})
}
