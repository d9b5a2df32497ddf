-- Helper steps (issue 16): a run parked by a delay or by a call that waits is "waiting".
-- The runs table's CHECK constraint lists the statuses; SQLite cannot ALTER a constraint, and
-- rebuilding the table would have to name every column other migrations add to it. So this
-- uses SQLite's documented way to loosen a CHECK in place: edit the table's stored SQL (the
-- runner lets a migration that sets writable_schema do so, and bumps the schema version).
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''failed'', ''cancelled'')', '''failed'', ''cancelled'', ''waiting'')')
 WHERE type = 'table' AND name = 'runs';
PRAGMA writable_schema = OFF;
