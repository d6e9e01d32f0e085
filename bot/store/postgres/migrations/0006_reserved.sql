-- Reserved for another branch's migration (0006); the lead renumbers at merge.
SELECT 1;
