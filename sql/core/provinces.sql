-- core.provinces: the 32 reporting units (data/reference/provinces.csv, shipped).
CREATE OR REPLACE TABLE core.provinces AS
SELECT province_code, name, short_name, pinyin
FROM read_csv($reference_file, all_varchar = true)
ORDER BY province_code;
