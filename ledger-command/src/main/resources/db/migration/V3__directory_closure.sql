ALTER TABLE unit_directory ADD COLUMN closed_on DATE;
