-- Rule sets gain the lower-case forms of their description and of their
-- last modifier's login, which the list's filters and sorts use. Rows
-- written before are keyed by LOWER, as the name keys of 0002 and 0010
-- were; the store writes strings.ToLower from now on.
ALTER TABLE rule_sets ADD COLUMN description_key TEXT NOT NULL DEFAULT '';
ALTER TABLE rule_sets ADD COLUMN modified_login_key TEXT NOT NULL DEFAULT '';
UPDATE rule_sets SET description_key = LOWER(description), modified_login_key = LOWER(modified_login);
