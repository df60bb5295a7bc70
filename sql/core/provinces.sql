/* core.provinces: The 32 reporting units: 31 provinces, autonomous regions and
municipalities and the 新疆生产建设兵团 (660000), with GB/T 2260 code, name, short name and
pinyin.

name: The unit's full name (e.g. 北京市, 新疆生产建设兵团).
short_name: Short name (e.g. 北京).
pinyin: Name in pinyin.
*/
-- core.provinces: the 32 reporting units (data/reference/provinces.csv, shipped).
CREATE OR REPLACE TABLE core.provinces AS
SELECT province_code, name, short_name, pinyin
FROM read_csv($reference_file, all_varchar = true)
ORDER BY province_code;
