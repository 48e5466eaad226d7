-- Reserved: a placeholder for another branch's migration 0022; the lead drops it at merge.
-- A statement, not only a comment: asyncpg fails on a query with nothing to run.
SELECT 1;
