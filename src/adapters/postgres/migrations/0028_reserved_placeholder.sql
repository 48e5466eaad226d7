-- Placeholder for the migration number 0028 reserved for another part of issue 25: drop this file at merge.
SELECT 1;
