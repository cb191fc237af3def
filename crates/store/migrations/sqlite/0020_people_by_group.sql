-- A party group's members are found by their group: a province's people
-- are not read to list one group.
CREATE INDEX people_group ON people(party_group_id);
