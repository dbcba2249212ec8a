-- Each review group (the parent unit whose children are ranked together: a district for its street
-- offices and departments, the city for its districts) closes its own months. The group of a unit
-- without a parent is '' (only the schedule closes it).

-- The unit whose inputs an applied event changed: its parent is the group the change belongs to.
ALTER TABLE month_change ADD COLUMN unit_id VARCHAR(64);
CREATE INDEX month_change_unit ON month_change (unit_id, month, change_id);

-- Marks made before this version name no unit. Each month that has them gets one mark per unit with
-- ranking inputs in it, as of its newest old mark; the old marks stay but no group reads them.
CREATE TEMPORARY TABLE legacy_change ON COMMIT DROP AS
    SELECT month, MAX(change_id) AS last_change, MAX(applied_at) AS applied_at
      FROM month_change WHERE unit_id IS NULL GROUP BY month;
INSERT INTO month_change (month, event_id, applied_at, unit_id)
    SELECT l.month, 'V5-review-groups', l.applied_at, x.unit_id
      FROM legacy_change l
      CROSS JOIN LATERAL (
          SELECT unit_id FROM evaluation WHERE month = l.month
          UNION SELECT unit_id FROM counted_record WHERE month = l.month AND kind IN ('POSITIVE', 'NEGATIVE')
          UNION SELECT unit_id FROM assignment WHERE to_char(due_date, 'YYYY-MM') = l.month) x
     ORDER BY l.month, x.unit_id;

-- Every version of a month closed before this version becomes a version of each group it ranked,
-- numbered as before (a group first ranked in a later version starts there).
ALTER TABLE ranking_entry ADD COLUMN group_id VARCHAR(64);
UPDATE ranking_entry SET group_id = COALESCE(parent_unit_id, '');
ALTER TABLE ranking_entry ALTER COLUMN group_id SET NOT NULL;
ALTER TABLE ranking_entry DROP CONSTRAINT ranking_entry_pkey;
ALTER TABLE ranking_entry ADD PRIMARY KEY (group_id, month, version, unit_id);

ALTER TABLE ranking_version ADD COLUMN group_id VARCHAR(64);
ALTER TABLE ranking_version DROP CONSTRAINT ranking_version_pkey;
INSERT INTO ranking_version (group_id, month, version, created_at, reason, policy_version, seen_change_id)
    SELECT e.group_id, v.month, v.version, v.created_at, v.reason, v.policy_version, v.seen_change_id
      FROM ranking_version v
      JOIN (SELECT DISTINCT group_id, month, version FROM ranking_entry) e
        ON e.month = v.month AND e.version = v.version
     WHERE v.group_id IS NULL;
DELETE FROM ranking_version WHERE group_id IS NULL;
ALTER TABLE ranking_version ALTER COLUMN group_id SET NOT NULL;
ALTER TABLE ranking_version ADD PRIMARY KEY (group_id, month, version);

-- A closed month is closed for every group it ranked, its latest version being the group's latest. A
-- month that had looked at all its old marks has looked at the marks made above for it too.
ALTER TABLE ranking_month ADD COLUMN group_id VARCHAR(64);
ALTER TABLE ranking_month DROP CONSTRAINT ranking_month_pkey;
INSERT INTO ranking_month (group_id, month, closed_at, closed_by, latest_version, seen_change_id)
    SELECT v.group_id, r.month, r.closed_at, r.closed_by, MAX(v.version),
           CASE WHEN r.seen_change_id >= COALESCE(l.last_change, 0)
                THEN GREATEST(r.seen_change_id, COALESCE((SELECT MAX(change_id) FROM month_change), 0))
                ELSE r.seen_change_id END
      FROM ranking_month r
      JOIN ranking_version v ON v.month = r.month
      LEFT JOIN legacy_change l ON l.month = r.month
     WHERE r.group_id IS NULL
     GROUP BY v.group_id, r.month, r.closed_at, r.closed_by, r.seen_change_id, l.last_change;
DELETE FROM ranking_month WHERE group_id IS NULL;
ALTER TABLE ranking_month ALTER COLUMN group_id SET NOT NULL;
ALTER TABLE ranking_month ADD PRIMARY KEY (group_id, month);
