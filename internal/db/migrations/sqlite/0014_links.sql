-- Links between the campaign's modules: the appeals a project takes up.
-- A project's campaign (projects.campaign_id) cannot gain a foreign key
-- on SQLite without rebuilding the table; the project service checks it
-- on both databases, and PostgreSQL holds it by constraint as well.

-- A campaign that does not exist was never a link (the service took any
-- number before): cleared, so every stored campaign exists.
UPDATE projects SET campaign_id = NULL
    WHERE campaign_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.id = projects.campaign_id);

CREATE TABLE project_appeals (
    project_id INTEGER NOT NULL REFERENCES projects(id),
    appeal_id  INTEGER NOT NULL REFERENCES appeals(id),
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (project_id, appeal_id)
);
CREATE INDEX project_appeals_appeal ON project_appeals(appeal_id);
