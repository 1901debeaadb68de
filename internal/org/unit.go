// Package org holds the organisation tree: the sub-district, its
// communities and grids, its departments, and (for a district-wide
// installation) the district above several sub-districts. The same tree is
// the scope tree: a user's unit decides which records they see.
package org

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/errs"
)

// Kind is the kind of a unit.
type Kind string

const (
	Root        Kind = "root" // the installation; one, made by the first migration
	District    Kind = "district"
	Subdistrict Kind = "subdistrict"
	Community   Kind = "community"
	Grid        Kind = "grid"
	Department  Kind = "department"
)

// Kinds lists the kinds a user may create, in display order.
var Kinds = []Kind{District, Subdistrict, Community, Grid, Department}

// parents says under which kinds each kind may stand.
var parents = map[Kind][]Kind{
	District:    {Root},
	Subdistrict: {Root, District},
	Community:   {Subdistrict},
	Grid:        {Community},
	Department:  {District, Subdistrict},
}

// CanStandUnder reports whether a unit of kind k may have a parent of kind p.
func CanStandUnder(k, p Kind) bool {
	for _, x := range parents[k] {
		if x == p {
			return true
		}
	}
	return false
}

// Unit is one node of the tree.
type Unit struct {
	ID        int64     `json:"id"`
	ParentID  int64     `json:"parent_id"`
	Kind      Kind      `json:"kind"`
	Name      string    `json:"name"`
	Code      string    `json:"code"`
	SortOrder int       `json:"sort_order"`
	Active    bool      `json:"active"`
	Path      string    `json:"path"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Depth is the number of ancestors, for indenting a tree.
func (u Unit) Depth() int { return strings.Count(u.Path, "/") - 2 }

var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$`)

// Input is what a user may set on a unit.
type Input struct {
	ParentID  *int64  `json:"parent_id"`
	Kind      *Kind   `json:"kind"`
	Name      *string `json:"name"`
	Code      *string `json:"code"`
	SortOrder *int    `json:"sort_order"`
	Active    *bool   `json:"active"`
}

// validate checks the fields present in in; creating requires all of
// parent, kind, name and code.
func (in Input) validate(creating bool) error {
	f := errs.Fields{}
	if creating {
		if in.ParentID == nil || *in.ParentID <= 0 {
			f.Add("parent_id", "err.required")
		}
		if in.Kind == nil {
			f.Add("kind", "err.required")
		}
		if in.Name == nil {
			f.Add("name", "err.required")
		}
		if in.Code == nil {
			f.Add("code", "err.required")
		}
	} else {
		if in.ParentID != nil {
			f.Add("parent_id", "err.unit_move")
		}
		if in.Kind != nil {
			f.Add("kind", "err.unit_kind_fixed")
		}
	}
	if in.Kind != nil && creating {
		ok := false
		for _, k := range Kinds {
			ok = ok || k == *in.Kind
		}
		if !ok {
			f.Add("kind", "err.unit_kind")
		}
	}
	if in.Name != nil {
		n := strings.TrimSpace(*in.Name)
		*in.Name = n
		if n == "" {
			f.Add("name", "err.required")
		} else if utf8.RuneCountInString(n) > 60 {
			f.Add("name", "err.too_long")
		}
	}
	if in.Code != nil {
		c := strings.TrimSpace(*in.Code)
		*in.Code = c
		if c == "" {
			f.Add("code", "err.required")
		} else if !codePattern.MatchString(c) {
			f.Add("code", "err.unit_code")
		}
	}
	if in.SortOrder != nil && (*in.SortOrder < -100000 || *in.SortOrder > 100000) {
		f.Add("sort_order", "err.out_of_range")
	}
	return f.Err()
}

// RootPath is the path of the installation's root unit, made by the first
// migration as unit 1 on both databases.
const RootPath = "/1/"
