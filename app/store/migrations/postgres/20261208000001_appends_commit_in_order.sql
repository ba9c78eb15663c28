-- Rows of the append-only tables become visible in the order of their ids.
--
-- The cache (cache.rs) learns what was added from the highest ids of unit_values, action_plans
-- and value_reviews and loads the rows above the highest it has seen. PostgreSQL hands out an
-- id when a row is inserted but shows the row when its transaction commits, so a save that got
-- id 100 and committed after one that got 101 was skipped for good (the page bench's writers
-- caught one: an acknowledged save never shown). So every insert into these tables first takes
-- one transaction lock, held until commit: the transactions that add rows take turns, their ids
-- are handed out and committed in order, and a reader that sees id n sees every id below it.
-- SQLite needs none of this: its one writer commits in id order.

CREATE FUNCTION take_append_turn() RETURNS void LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(hashtext('readiness: appends commit in id order'))
$$;

CREATE FUNCTION appends_take_turns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM take_append_turn();
    RETURN NULL;
END
$$;

-- Before the statement, so before its first id is drawn.
CREATE TRIGGER unit_values_take_turns BEFORE INSERT ON unit_values
    FOR EACH STATEMENT EXECUTE FUNCTION appends_take_turns();
CREATE TRIGGER action_plans_take_turns BEFORE INSERT ON action_plans
    FOR EACH STATEMENT EXECUTE FUNCTION appends_take_turns();
CREATE TRIGGER value_reviews_take_turns BEFORE INSERT ON value_reviews
    FOR EACH STATEMENT EXECUTE FUNCTION appends_take_turns();
