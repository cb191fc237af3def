-- Lookups that read a province's whole tree or people without these: a party
-- group's members by their group, and a subtree's branches by their kind (the
-- tree holds three party groups for each branch).
CREATE INDEX people_group ON people(party_group_id);
CREATE INDEX organisations_kind_path ON organisations(kind, path);
