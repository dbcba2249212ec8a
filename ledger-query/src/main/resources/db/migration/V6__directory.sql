-- The directory's order of cadres: a number per cadre in the order they reached this read model, so that
-- a search is paged by position (WHERE directory_order > cursor) with bounded work per page.
ALTER TABLE cadre ADD COLUMN directory_order BIGSERIAL;
CREATE UNIQUE INDEX cadre_directory_order ON cadre (directory_order);
