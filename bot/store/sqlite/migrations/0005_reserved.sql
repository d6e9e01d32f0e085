-- Reserved for another branch's migration (0005); the lead renumbers at merge.
SELECT 1;
