-- Every person_key of an accepted cohort or applicant row and of core.persons, with the
-- key again in person_key_not_in_identities when restricted.identities lacks it.
WITH accepted_people AS (
    SELECT 'cohort' AS source, person_key FROM staging.cohort WHERE row_reason IS NULL
    UNION ALL
    SELECT 'applicants', person_key FROM staging.applicants WHERE row_reason IS NULL
    UNION ALL
    SELECT 'core.persons', person_key FROM core.persons
),

final AS (
    SELECT
        a.source,
        a.person_key,
        CASE WHEN i.person_key IS NULL THEN coalesce(a.person_key, '') END AS person_key_not_in_identities
    FROM accepted_people AS a
    LEFT JOIN restricted.identities AS i USING (person_key)
)

SELECT * FROM final
