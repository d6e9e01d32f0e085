-- Reserved: migration 0004 belongs to another branch (issue 13's branch keeps its number
-- free). This placeholder keeps the numbering gapless here; the lead replaces it at merge.
-- asyncpg cannot run a script that is only a comment, hence the no-op statement.
SELECT 1;
