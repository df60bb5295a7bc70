-- restricted.identities as the identities_expectations suite sees it. Restricted: holds
-- national IDs and names, so its validation reports counts only.
SELECT * FROM restricted.identities
