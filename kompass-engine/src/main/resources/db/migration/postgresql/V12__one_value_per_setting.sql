-- A setting has one value. Two servers saving one setting at the same moment could leave two rows (there was no
-- key); one of them stays (PostgreSQL keeps no order of saving to tell which was last), and the key lets a save
-- replace the value in one statement.
DELETE FROM workspace_settings a USING workspace_settings b WHERE a.key = b.key AND a.ctid < b.ctid;
ALTER TABLE workspace_settings ADD PRIMARY KEY (key);
