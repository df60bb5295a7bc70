/* public.universities: The training universities named in the published figures (group
type university of public.metric_values), from the shipped reference list: institutions,
no persons, so published as they are.

university_code: The university's code, as group_value of the university rows.
name: The university's name.
*/
-- public.universities: the reference list of universities, from the attached warehouse.
CREATE OR REPLACE TABLE public.universities AS
SELECT university_code, name
FROM warehouse.staging.universities
ORDER BY university_code;
