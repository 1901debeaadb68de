-- Links between the campaign's modules: the appeals a project takes up,
-- and the foreign key of a project's campaign (the project service checks
-- it too, as on SQLite, where the table would have to be rebuilt).

ALTER TABLE projects ADD CONSTRAINT projects_campaign_fk FOREIGN KEY (campaign_id) REFERENCES campaigns(id);

CREATE TABLE project_appeals (
    project_id BIGINT NOT NULL REFERENCES projects(id),
    appeal_id  BIGINT NOT NULL REFERENCES appeals(id),
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, appeal_id)
);
CREATE INDEX project_appeals_appeal ON project_appeals(appeal_id);
