-- Reserved for another branch's migration (0004); the lead renumbers at merge.
SELECT 1;
