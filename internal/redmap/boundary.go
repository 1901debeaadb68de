package redmap

import (
	"time"

	"github.com/paulmach/orb"
)

// Boundary is a community's current boundary.
type Boundary struct {
	ID            int64            `json:"id"`
	CommunityID   int64            `json:"community_id"`
	CommunityName string           `json:"community_name"`
	SizeBytes     int64            `json:"size_bytes"`
	Bound         orb.Bound        `json:"-"`
	Label         orb.Point        `json:"-"`
	Polygons      orb.MultiPolygon `json:"-"`
	Schematic     bool             `json:"schematic"` // drawn for the demo, not survey data
	UploadedBy    string           `json:"-"`         // a person's name: shown on the staff's page only
	UploadedAt    time.Time        `json:"uploaded_at"`
	communityPath string
}

// Checked is a boundary file that passed the checks, ready to store.
type Checked struct {
	Text     string
	Polygons orb.MultiPolygon
	Bound    orb.Bound
	Label    orb.Point
}

// Check reads and checks a boundary file of at most limit bytes.
func Check(data []byte, limit int64) (Checked, error) {
	mp, err := ParseBoundary(data, limit)
	if err != nil {
		return Checked{}, err
	}
	return Checked{Text: string(data), Polygons: mp, Bound: mp.Bound(), Label: LabelPoint(mp)}, nil
}

// auditView is a boundary as the audit log records it: its size and box,
// not its text.
type auditView struct {
	ID          int64      `json:"id"`
	CommunityID int64      `json:"community_id"`
	SizeBytes   int64      `json:"size_bytes"`
	Box         [4]float64 `json:"box"` // west, south, east, north
	Schematic   bool       `json:"schematic"`
}

func viewOf(id, community int64, size int64, b orb.Bound, schematic bool) auditView {
	return auditView{ID: id, CommunityID: community, SizeBytes: size, Schematic: schematic,
		Box: [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}}
}
