-- Reserved: another branch of issue 24 takes this number. A placeholder so that 0023 follows without
-- a gap; dropped at merge. asyncpg refuses a script of comments alone (it has no command status),
-- hence the no-op statement.
SELECT 1;
