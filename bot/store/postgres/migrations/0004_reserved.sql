-- Reserved for another feature's migration (numbered by the lead at merge); intentionally empty.
-- asyncpg refuses a script of comments alone, so one no-op statement stands in.
SELECT 1;
