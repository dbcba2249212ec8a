-- A 诫勉 entered both as an organisational-handling sanction and as a 诫勉谈话 may name its counterpart
-- (sameMeasureAs), so that eligibility counts the measure once. NULL when not linked, and for every
-- record projected before the field existed.
ALTER TABLE interview ADD COLUMN same_measure_as VARCHAR(64);
ALTER TABLE sanction ADD COLUMN same_measure_as VARCHAR(64);
