-- core.persons as the persons_expectations suite sees it.
SELECT * FROM core.persons
