-- Links between the campaign's modules: the appeals a project takes up,
-- and the foreign key of a project's campaign (the project service checks
-- it too, as on SQLite, where the table would have to be rebuilt).

-- A campaign that does not exist was never a link (the service took any
-- number before): cleared, so every stored campaign exists.
UPDATE projects SET campaign_id = NULL
    WHERE campaign_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.id = projects.campaign_id);

ALTER TABLE projects ADD CONSTRAINT projects_campaign_fk FOREIGN KEY (campaign_id) REFERENCES campaigns(id);

CREATE TABLE project_appeals (
    project_id BIGINT NOT NULL REFERENCES projects(id),
    appeal_id  BIGINT NOT NULL REFERENCES appeals(id),
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, appeal_id)
);
CREATE INDEX project_appeals_appeal ON project_appeals(appeal_id);
