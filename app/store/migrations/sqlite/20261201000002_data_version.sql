-- What a cached model of the data must notice. Values, plans and reviews are append-only: the
-- highest id of each tells whether anything was added. Everything else that feeds the lights
-- (evaluations, criteria, units — few rows, changed by imports) bumps `reference_version` in the
-- same transaction as the change, and so would any update or delete of the append-only tables,
-- which nothing does today.
CREATE TABLE data_version (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    reference_version  INTEGER NOT NULL
);
INSERT INTO data_version (id, reference_version) VALUES (1, 0);

CREATE TRIGGER evaluations_changed_insert AFTER INSERT ON evaluations
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;
CREATE TRIGGER evaluations_changed_update AFTER UPDATE ON evaluations
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;
CREATE TRIGGER evaluations_changed_delete AFTER DELETE ON evaluations
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;

CREATE TRIGGER criteria_changed_insert AFTER INSERT ON criteria
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;
CREATE TRIGGER criteria_changed_update AFTER UPDATE ON criteria
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;
CREATE TRIGGER criteria_changed_delete AFTER DELETE ON criteria
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;

CREATE TRIGGER units_changed_insert AFTER INSERT ON units
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;
CREATE TRIGGER units_changed_update AFTER UPDATE ON units
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;
CREATE TRIGGER units_changed_delete AFTER DELETE ON units
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;

CREATE TRIGGER unit_values_changed_update AFTER UPDATE ON unit_values
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;
CREATE TRIGGER unit_values_changed_delete AFTER DELETE ON unit_values
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;
CREATE TRIGGER action_plans_changed_update AFTER UPDATE ON action_plans
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;
CREATE TRIGGER action_plans_changed_delete AFTER DELETE ON action_plans
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;
CREATE TRIGGER value_reviews_changed_update AFTER UPDATE ON value_reviews
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;
CREATE TRIGGER value_reviews_changed_delete AFTER DELETE ON value_reviews
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;
