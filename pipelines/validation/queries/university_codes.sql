-- The codes of staging.universities: the values a matched university_code may take.
SELECT university_code FROM staging.universities ORDER BY university_code
