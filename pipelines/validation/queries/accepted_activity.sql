-- The training, assessment and followup rows accepted after quarantine (no row_reason in
-- staging, not in quarantine.rejected_rows), with the cohort year of their person; the key
-- again in person_key_not_in_core_persons when core.persons lacks the person.
WITH staged AS (
    SELECT 'training' AS source, year, file_path, row_number, person_key
    FROM staging.training WHERE row_reason IS NULL
    UNION ALL
    SELECT 'assessment', year, file_path, row_number, person_key
    FROM staging.assessment WHERE row_reason IS NULL
    UNION ALL
    SELECT 'followup', year, file_path, row_number, person_key
    FROM staging.followup WHERE row_reason IS NULL
),

accepted AS (
    SELECT * FROM staged
    ANTI JOIN quarantine.rejected_rows USING (file_path, row_number)
),

final AS (
    SELECT
        a.source,
        a.year,
        a.file_path,
        a.row_number,
        a.person_key,
        p.cohort_year,
        CASE WHEN p.person_key IS NULL THEN coalesce(a.person_key, '') END AS person_key_not_in_core_persons
    FROM accepted AS a
    LEFT JOIN core.persons AS p USING (person_key)
)

SELECT * FROM final
