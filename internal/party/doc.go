// Package party keeps the party organisations (党组织) on the
// organisation tree and what they cover (两个覆盖): each organisation
// belongs to a sub-district or community unit (its scope) and stands under
// another party organisation; the 两新 ones (non-public enterprises,
// social organisations, parks and buildings) are single-built (单建) or
// joint-built (联建) by park, building, community or trade, and cover the
// enterprises and social organisations they were set up in. Enterprises
// without an organisation may have a party-building instructor or
// liaison (work coverage) and a count of party members; one with three or
// more members and no own branch is flagged.
//
// Positions (阵地) are the party-mass service centres and other places of
// party work; the stations of package station are listed with them.
//
// Secretary and instructor names are personal information: the audit
// log records only whether one is set.
package party
