-- The followup rows accepted after quarantine, with the cohort year of their person.
WITH accepted AS (
    SELECT year, file_path, row_number, person_key, survey_year, topnotch_year
    FROM staging.followup
    ANTI JOIN quarantine.rejected_rows USING (file_path, row_number)
    WHERE row_reason IS NULL
),

final AS (
    SELECT a.*, p.cohort_year
    FROM accepted AS a
    LEFT JOIN core.persons AS p USING (person_key)
)

SELECT * FROM final
