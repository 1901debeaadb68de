-- Key projects (重点项目) and the branch-led 攻坚 projects: the field
-- dictionary, the projects with the lists they are on, their departments
-- and members, milestones and progress reports. A project's status is
-- never stored: it is computed as of a date from these rows.

CREATE TABLE project_fields (
    code       TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    name_en    TEXT    NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    active     BOOLEAN NOT NULL DEFAULT TRUE
);
-- The seven fields the 17 May 2022 launch named, then three more.
INSERT INTO project_fields (code, name, name_en, sort_order) VALUES
    ('land',        '土地整备', 'Land consolidation',   1),
    ('epidemic',    '疫情防控', 'Epidemic control',     2),
    ('safety',      '安全生产', 'Production safety',    3),
    ('traffic',     '交通安全', 'Traffic safety',       4),
    ('petitions',   '信访维稳', 'Petitions and stability', 5),
    ('governance',  '社区治理', 'Community governance', 6),
    ('appearance',  '市容环境', 'City appearance',      7),
    ('renewal',     '城市更新', 'Urban renewal',        8),
    ('industry',    '产业发展', 'Industrial development', 9),
    ('livelihood',  '民生服务', 'Public services',      10);

CREATE TABLE projects (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    field         TEXT    NOT NULL REFERENCES project_fields(code),
    lead_unit_id  INTEGER NOT NULL REFERENCES units(id),
    lead_branch   TEXT    NOT NULL DEFAULT '',
    lead_cadre_id INTEGER REFERENCES users(id),
    goals         TEXT    NOT NULL DEFAULT '',
    start_date    TEXT    NOT NULL,
    target_date   TEXT    NOT NULL,
    location      TEXT    NOT NULL DEFAULT '',
    budget_fen    INTEGER,
    campaign_id   INTEGER,
    closed_date   TEXT,
    created_by    INTEGER REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX projects_lead_unit ON projects(lead_unit_id);
CREATE INDEX projects_lead_cadre ON projects(lead_cadre_id);

CREATE TABLE project_lists (
    project_id INTEGER NOT NULL REFERENCES projects(id),
    list       TEXT    NOT NULL,
    PRIMARY KEY (project_id, list)
);

CREATE TABLE project_departments (
    project_id INTEGER NOT NULL REFERENCES projects(id),
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (project_id, unit_id)
);
CREATE INDEX project_departments_unit ON project_departments(unit_id);

CREATE TABLE project_members (
    project_id INTEGER NOT NULL REFERENCES projects(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_user ON project_members(user_id);

CREATE TABLE project_milestones (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    title      TEXT    NOT NULL,
    owner_id   INTEGER REFERENCES users(id),
    due_date   TEXT    NOT NULL,
    done_date  TEXT,
    evidence   TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX project_milestones_project ON project_milestones(project_id, due_date);
CREATE INDEX project_milestones_owner ON project_milestones(owner_id, due_date);

CREATE TABLE project_reports (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    report_date TEXT    NOT NULL,
    percent     INTEGER NOT NULL,
    narrative   TEXT    NOT NULL DEFAULT '',
    problems    TEXT    NOT NULL DEFAULT '',
    help_needed TEXT    NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX project_reports_project ON project_reports(project_id, report_date);
